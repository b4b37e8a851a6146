package io.petrel.broker.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.UUID;

/**
 * The broker's data directory: locked so two brokers never share one, and holding
 * {@code meta.properties} with the cluster id, so a restarted broker is the same cluster to its clients.
 * A temporary directory (no data dir configured) is deleted when the broker closes.
 */
public final class DataDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private final Path path;
    private final boolean temporary;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String clusterId;

    private DataDirectory(Path path, boolean temporary, String requestedClusterId) throws IOException {
        this.path = path;
        this.temporary = temporary;
        Files.createDirectories(path);
        lockChannel = FileChannel.open(path.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lock(lockChannel, path);
            clusterId = loadOrCreateClusterId(requestedClusterId);
        } catch (IOException | RuntimeException e) {
            try {
                lockChannel.close(); // releases the lock too
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Takes the directory's lock. Another process holding it makes {@code tryLock} return null; another
     * broker in this JVM makes it throw, since a JVM's file locks are per process.
     */
    private static FileLock lock(FileChannel channel, Path path) throws IOException {
        FileLock acquired;
        try {
            acquired = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new IOException("Data directory " + path + " is in use by another broker in this JVM", e);
        }
        if (acquired == null) {
            throw new IOException("Data directory " + path + " is in use by another broker (another process holds "
                    + path.resolve(".lock") + ")");
        }
        return acquired;
    }

    /** Opens {@code dir}, or a new temporary directory when it is null. */
    public static DataDirectory open(Path dir, String clusterId) throws IOException {
        return dir == null
                ? new DataDirectory(Files.createTempDirectory("petrel-broker-"), true, clusterId)
                : new DataDirectory(dir.toAbsolutePath(), false, clusterId);
    }

    public Path path() {
        return path;
    }

    public String clusterId() {
        return clusterId;
    }

    public boolean isTemporary() {
        return temporary;
    }

    private String loadOrCreateClusterId(String requested) throws IOException {
        Path meta = path.resolve("meta.properties");
        Properties props = new Properties();
        if (Files.exists(meta)) {
            try (Reader r = Files.newBufferedReader(meta)) {
                props.load(r);
            }
            String stored = props.getProperty("cluster.id");
            if (requested != null && stored != null && !requested.equals(stored)) {
                throw new IOException("Data directory " + path + " belongs to cluster " + stored + ", not " + requested);
            }
            if (stored != null) {
                return stored;
            }
        }
        String id = requested != null ? requested : newClusterId();
        props.setProperty("cluster.id", id);
        props.setProperty("version", "1");
        java.io.StringWriter text = new java.io.StringWriter();
        props.store(text, "Petrel broker-stub");
        AtomicFiles.write(meta, java.nio.ByteBuffer.wrap(text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        return id;
    }

    /** Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding (22 characters). */
    private static String newClusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
        if (temporary) {
            AtomicFiles.deleteTree(path);
            log.debug("Deleted temporary data directory {}", path);
        }
    }
}
