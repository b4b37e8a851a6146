package io.petrel.broker.internal.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the offset and time index share: a file of fixed-size big-endian entries, appended to as the
 * segment grows and held whole in memory for lookups.
 *
 * <p>Why not a preallocated memory map as Kafka has: an index is small (8 or 12 bytes per
 * {@code index.interval.bytes} of log), so keeping it in an array costs little, and a plain file that is
 * exactly as long as its entries can never present zeroed, preallocated space as entries after a crash.
 * Entries are written through to the file as they are added (to the page cache; forced on flush and
 * roll) and never read back from it except when the segment is opened. Lookups and appends are
 * synchronized on the index, so readers may search while the appender adds.
 */
abstract class IndexFile implements Closeable {
    private final Path file;
    private final int entrySize;
    private final FileChannel channel;
    protected final long baseOffset;
    private final ByteBuffer entryBuffer;

    IndexFile(Path file, long baseOffset, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.entryBuffer = ByteBuffer.allocate(entrySize);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    Path file() {
        return file;
    }

    /** The file's whole content, for loading; null when its length is not a whole number of entries. */
    protected ByteBuffer readAll() throws IOException {
        long size = channel.size();
        if (size % entrySize != 0 || size > Integer.MAX_VALUE) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        BatchScanner.readFully(channel, buf, 0);
        return buf.flip();
    }

    /** Writes entry number {@code index} (already filled into {@link #entry()}) to the file. */
    protected void writeEntry(int index) throws IOException {
        entryBuffer.flip();
        long pos = (long) index * entrySize;
        while (entryBuffer.hasRemaining()) {
            pos += channel.write(entryBuffer, pos);
        }
        entryBuffer.clear();
    }

    /** The scratch buffer to fill with an entry before {@link #writeEntry}. */
    protected ByteBuffer entry() {
        return entryBuffer;
    }

    /** Empties the file (the in-memory entries are the subclass's to clear). */
    protected void truncateFile() throws IOException {
        channel.truncate(0);
    }

    void force() throws IOException {
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    void deleteFile() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    /** The offset relative to the segment's base, as the index stores it. */
    protected int relative(long offset) {
        long rel = offset - baseOffset;
        if (rel < 0 || rel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Offset " + offset + " is not within Integer.MAX_VALUE above the "
                    + "segment's base offset " + baseOffset);
        }
        return (int) rel;
    }
}
