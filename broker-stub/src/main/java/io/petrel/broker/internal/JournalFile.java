package io.petrel.broker.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * An append-only file of framed entries, the shape of a coordinator's durable state: a 4-byte magic naming
 * what the file holds, then entries of {@code [int32 length][int32 CRC-32C of the payload][payload]}.
 *
 * <p>Opening replays the payloads in order and stops at the first entry that is incomplete, fails its CRC
 * or cannot be read by the caller (a write torn by a crash), truncating it away so later appends follow
 * valid data. {@link #rewrite} replaces the file atomically with a compact snapshot. What a payload means
 * is the caller's.
 */
public final class JournalFile implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(JournalFile.class);
    private static final int HEADER_BYTES = 4;
    private static final int ENTRY_OVERHEAD = 8;
    private static final int MAX_ENTRY_BYTES = 256 * 1024 * 1024;

    private final Path file;
    private final int magic;
    private FileChannel channel;
    private long size;

    private JournalFile(Path file, int magic, FileChannel channel, long size) {
        this.file = file;
        this.magic = magic;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens (creating if absent) the journal at {@code file}, giving each valid payload to {@code replay}.
     * A payload {@code replay} refuses with IllegalArgumentException or BufferUnderflowException ends the
     * valid part, as a torn entry does.
     *
     * @throws IOException when the file cannot be read or starts with another magic
     */
    public static JournalFile open(Path file, int magic, Consumer<ByteBuffer> replay) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long fileSize = channel.size();
            if (fileSize < HEADER_BYTES) {
                // New, or torn before its header was complete: nothing can have been stored.
                channel.truncate(0);
                writeFully(channel, ByteBuffer.allocate(HEADER_BYTES).putInt(0, magic), 0);
                channel.force(true);
                return new JournalFile(file, magic, channel, HEADER_BYTES);
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            readFully(channel, header, 0);
            if (header.getInt(0) != magic) {
                throw new IOException(file + " starts with magic " + Integer.toHexString(header.getInt(0))
                        + ", expected " + Integer.toHexString(magic));
            }
            long validEnd = replayEntries(file, channel, fileSize, replay);
            if (validEnd < fileSize) {
                log.warn("Journal {} ends in {} bytes of torn or corrupt data after offset {}; dropping them", file,
                        fileSize - validEnd, validEnd);
                channel.truncate(validEnd);
                channel.force(true);
            }
            return new JournalFile(file, magic, channel, validEnd);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static long replayEntries(Path file, FileChannel channel, long fileSize, Consumer<ByteBuffer> replay)
            throws IOException {
        long position = HEADER_BYTES;
        ByteBuffer prefix = ByteBuffer.allocate(ENTRY_OVERHEAD);
        while (fileSize - position >= ENTRY_OVERHEAD) {
            prefix.clear();
            readFully(channel, prefix, position);
            int length = prefix.getInt(0);
            int crc = prefix.getInt(4);
            if (length < 1 || length > MAX_ENTRY_BYTES || fileSize - position - ENTRY_OVERHEAD < length) {
                return position;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(channel, payload, position + ENTRY_OVERHEAD);
            if (crc(payload.array()) != crc) {
                return position;
            }
            try {
                replay.accept(payload.flip());
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                log.warn("Journal {}: the entry at offset {} passed its CRC but could not be read", file, position, e);
                return position;
            }
            position += ENTRY_OVERHEAD + length;
        }
        return position;
    }

    /** Appends one entry. On failure the file is cut back to where it was, so a torn entry never stays. */
    public void append(ByteBuffer payload) throws IOException {
        ByteBuffer entry = frame(payload);
        long before = size;
        try {
            writeFully(channel, entry, before);
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException truncateFailure) {
                e.addSuppressed(truncateFailure);
            }
            throw e;
        }
        size = before + entry.capacity();
    }

    /** Replaces the journal with these entries, atomically: a crash leaves either the old file or the new. */
    public void rewrite(List<ByteBuffer> payloads) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long newSize = HEADER_BYTES;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            writeFully(out, ByteBuffer.allocate(HEADER_BYTES).putInt(0, magic), 0);
            for (ByteBuffer payload : payloads) {
                ByteBuffer entry = frame(payload);
                writeFully(out, entry, newSize);
                newSize += entry.capacity();
            }
            out.force(true);
        }
        // Closed first so the rename also works where open files cannot be replaced; reopened either way.
        channel.close();
        boolean moved = false;
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (moved) {
                size = newSize;
            }
        }
        AtomicFiles.forceDirectory(file.toAbsolutePath().getParent());
    }

    /** Forces appended entries to the device. */
    public void force() throws IOException {
        channel.force(false);
    }

    /** Bytes in the file. */
    public long size() {
        return size;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.force(true);
        } finally {
            channel.close();
        }
    }

    private static ByteBuffer frame(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return ByteBuffer.allocate(ENTRY_OVERHEAD + bytes.length).putInt(bytes.length).putInt(crc(bytes)).put(bytes)
                .flip();
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, p);
            if (n < 0) {
                throw new IOException("Unexpected end of " + channel + " at " + p);
            }
            p += n;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            p += channel.write(buf, p);
        }
    }
}
