package io.petrel.broker.internal.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntPredicate;

/**
 * What the offset and time index share: a file of fixed-size big-endian entries, appended to as the
 * segment grows and held whole in memory for lookups. This class keeps the entries, loads, appends,
 * searches and empties them; a subclass only says what an entry holds (its fields, read with
 * {@link #intAt} and {@link #longAt}), which entries are consistent and in what order they may be added.
 *
 * <p>Why not a preallocated memory map as Kafka has: an index is small (8 or 12 bytes per
 * {@code index.interval.bytes} of log), so keeping it in a heap buffer costs little, and a plain file that
 * is exactly as long as its entries can never present zeroed, preallocated space as entries after a crash.
 * The buffer holds the entries as the file does; they reach the file in runs of {@link #WRITE_BEHIND_BYTES},
 * and whatever is left before a {@link #force} or {@link #close} (to the page cache; forced on flush and roll),
 * and are never read back from it except when the segment is opened. So the file is always a prefix of the
 * entries: one write per run instead of a write per entry (an entry per Produce batch of index.interval.bytes
 * or more was a system call per request). The entries not yet written are lost only with the process, and an
 * index is trusted on open only for a segment below the recovery point, which was forced, and so written whole;
 * every later segment's indexes are rebuilt from its batches. Lookups and appends are synchronized on the index,
 * so readers may search while the appender adds.
 */
abstract class IndexFile implements Closeable {
    private static final int INITIAL_CAPACITY = 16;
    /** Entries are written to the file once this many bytes of them are waiting (or on force and close). */
    static final int WRITE_BEHIND_BYTES = 4096;

    private final Path file;
    private final int entrySize;
    private final FileChannel channel;
    protected final long baseOffset;
    private final ByteBuffer entryBuffer;

    /** The entries, {@code count * entrySize} bytes of them at the start, as in the file. */
    private ByteBuffer entries;
    private int count;
    /** The first {@code written} entries are in the file. */
    private int written;
    /** False when the file's length was not a whole number of entries, so nothing was loaded. */
    private boolean wholeEntries = true;

    /** Opens (creating if absent) the index file and loads its entries; see {@link #isConsistent}. */
    IndexFile(Path file, long baseOffset, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.entryBuffer = ByteBuffer.allocate(entrySize);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            load();
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    Path file() {
        return file;
    }

    private void load() throws IOException {
        long size = channel.size();
        if (size % entrySize != 0 || size > Integer.MAX_VALUE) {
            wholeEntries = false;
            entries = ByteBuffer.allocate(0);
            return;
        }
        ByteBuffer all = ByteBuffer.allocate((int) size);
        BatchScanner.readFully(channel, all, 0);
        entries = all;
        count = all.position() / entrySize;
        written = count;
    }

    /**
     * Whether the loaded entries could have been written for a non-empty ({@code logSize > 0}) or empty
     * log holding offsets below {@code base + relativeOffsetLimit}: the file held whole entries, it has
     * some exactly when the log does, and each entry passes {@link #isConsistentEntry}.
     */
    synchronized boolean isConsistent(long logSize, long relativeOffsetLimit) {
        if (!wholeEntries) {
            return false;
        }
        if (logSize == 0 || count == 0) {
            return logSize == 0 && count == 0;
        }
        for (int i = 0; i < count; i++) {
            if (!isConsistentEntry(i, logSize, relativeOffsetLimit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether entry {@code i} of a non-empty index could have been written for a log of {@code logSize}
     * bytes holding offsets below {@code base + relativeOffsetLimit}, coming after entry {@code i - 1}.
     */
    protected abstract boolean isConsistentEntry(int i, long logSize, long relativeOffsetLimit);

    /** The scratch buffer to fill with a new entry's fields before {@link #addEntry}. */
    protected ByteBuffer entry() {
        return entryBuffer;
    }

    /**
     * Adds the entry filled into {@link #entry()} as the last: keeps it, and writes the entries waiting once there
     * are {@link #WRITE_BEHIND_BYTES} of them.
     */
    protected void addEntry() throws IOException {
        entryBuffer.flip();
        if (entries.capacity() < (count + 1) * entrySize) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(INITIAL_CAPACITY, count * 2) * entrySize);
            grown.put(0, entries, 0, count * entrySize);
            entries = grown;
        }
        entries.put(count * entrySize, entryBuffer, 0, entrySize);
        entryBuffer.clear();
        count++;
        if ((count - written) * entrySize >= WRITE_BEHIND_BYTES) {
            writeWaiting();
        }
    }

    /** Writes the entries kept but not yet in the file. */
    private synchronized void writeWaiting() throws IOException {
        ByteBuffer waiting = entries.slice(written * entrySize, (count - written) * entrySize);
        long pos = (long) written * entrySize;
        while (waiting.hasRemaining()) {
            pos += channel.write(waiting, pos);
        }
        written = count;
    }

    /** The i32 field at byte {@code field} of entry {@code i}. */
    protected int intAt(int i, int field) {
        return entries.getInt(i * entrySize + field);
    }

    /** The i64 field at byte {@code field} of entry {@code i}. */
    protected long longAt(int i, int field) {
        return entries.getLong(i * entrySize + field);
    }

    /**
     * By binary search, the last entry for which {@code holds} is true, or -1 when it is true for none;
     * {@code holds} must be true for some first entries and false for the rest.
     */
    protected int lastEntryWhere(IntPredicate holds) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (holds.test(mid)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    synchronized int entries() {
        return count;
    }

    /** Drops every entry, in memory and on disk. */
    synchronized void clear() throws IOException {
        channel.truncate(0);
        count = 0;
        written = 0;
        wholeEntries = true;
    }

    /** Writes the entries waiting and forces the file. */
    void force() throws IOException {
        writeWaiting();
        channel.force(true);
    }

    /** Writes the entries waiting, then closes the file (closed either way). */
    @Override
    public void close() throws IOException {
        try (FileChannel closing = channel) {
            if (closing.isOpen()) {
                writeWaiting();
            }
        }
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
