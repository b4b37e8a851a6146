package io.petrel.broker.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The broker's data directory: locked so two brokers never share one, and holding
 * {@code meta.properties} with the cluster id, so a restarted broker is the same cluster to its clients.
 * A temporary directory (no data dir configured) is deleted when the broker closes.
 *
 * <p>Neither the temporary directory's name nor a new cluster id comes from {@code SecureRandom}: neither is a
 * secret (the directory is made owner-only and never reused, the cluster id is told to every client), and setting up
 * {@code SecureRandom}'s providers was about 90 classes of a broker's first start in a JVM.
 */
public final class DataDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final String TEMPORARY_PREFIX = "petrel-broker-";
    /** Names tried before giving up: each is a random 64-bit number, so a clash is already unlikely. */
    private static final int TEMPORARY_NAME_ATTEMPTS = 100;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

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
                ? new DataDirectory(newTemporaryDirectory(), true, clusterId)
                : new DataDirectory(dir.toAbsolutePath(), false, clusterId);
    }

    /** A new directory in {@code java.io.tmpdir}, owner-only where the file system has POSIX permissions. */
    private static Path newTemporaryDirectory() throws IOException {
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        for (int attempt = 1; ; attempt++) {
            Path dir = parent.resolve(TEMPORARY_PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
            try {
                return Files.createDirectory(dir, attributes);
            } catch (FileAlreadyExistsException e) {
                if (attempt == TEMPORARY_NAME_ATTEMPTS) {
                    throw new IOException("Could not make a temporary data directory in " + parent + ": "
                            + attempt + " random names were all taken", e);
                }
            }
        }
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
        // Keys in a stable order (Properties.store wrote them in its hash order); other keys a file had are kept.
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("cluster.id", id);
        entries.put("version", "1");
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            entries.putIfAbsent(key, props.getProperty(key));
        }
        String text = PropertiesText.of("Petrel broker-stub", entries);
        AtomicFiles.write(meta, java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        return id;
    }

    /** Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding (22 characters). */
    private static String newClusterId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16).putLong(random.nextLong()).putLong(random.nextLong());
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
