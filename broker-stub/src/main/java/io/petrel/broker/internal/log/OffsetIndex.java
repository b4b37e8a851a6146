package io.petrel.broker.internal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The sparse offset index of a segment ({@code .index}): entries of (offset relative to the segment's
 * base as i32, file position of the batch starting at that offset as i32), one for the segment's first
 * batch and then one per {@code index.interval.bytes} of log. A lookup gives the position of the last
 * indexed batch at or before an offset, from which a scan of batch headers finds the batch itself.
 * See {@link IndexFile} for why it is an array mirrored to a plain file.
 */
final class OffsetIndex extends IndexFile {
    static final int ENTRY_SIZE = 8;

    private int[] relativeOffsets = new int[16];
    private int[] positions = new int[16];
    private int count;

    private OffsetIndex(Path file, long baseOffset) throws IOException {
        super(file, baseOffset, ENTRY_SIZE);
    }

    /**
     * Opens (creating if absent) the index and loads its entries.
     *
     * @return the index; {@link #isConsistent} tells whether its entries can be trusted
     */
    static OffsetIndex open(Path file, long baseOffset) throws IOException {
        OffsetIndex index = new OffsetIndex(file, baseOffset);
        index.load();
        return index;
    }

    private boolean wholeEntries = true;

    private void load() throws IOException {
        ByteBuffer all = readAll();
        if (all == null) {
            wholeEntries = false;
            return;
        }
        while (all.remaining() >= ENTRY_SIZE) {
            add(all.getInt(), all.getInt());
        }
    }

    /**
     * Whether the loaded entries could have been written for a log of {@code logSize} bytes holding
     * offsets below {@code base + relativeOffsetLimit}: the first entry is the first batch, and offsets and
     * positions rise strictly and stay inside the log.
     */
    synchronized boolean isConsistent(long logSize, long relativeOffsetLimit) {
        if (!wholeEntries) {
            return false;
        }
        if (logSize == 0 || count == 0) {
            return logSize == 0 && count == 0;
        }
        if (relativeOffsets[0] != 0 || positions[0] != 0) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (positions[i] >= logSize || relativeOffsets[i] >= relativeOffsetLimit) {
                return false;
            }
            if (i > 0 && (relativeOffsets[i] <= relativeOffsets[i - 1] || positions[i] <= positions[i - 1])) {
                return false;
            }
        }
        return true;
    }

    /** Adds an entry for the batch starting at {@code offset} and file {@code position}. */
    synchronized void append(long offset, int position) throws IOException {
        int rel = relative(offset);
        if (count > 0 && (rel <= relativeOffsets[count - 1] || position <= positions[count - 1])) {
            throw new IllegalStateException("Offset index entry (" + offset + ", " + position + ") must come after ("
                    + (baseOffset + relativeOffsets[count - 1]) + ", " + positions[count - 1] + ")");
        }
        entry().putInt(rel).putInt(position);
        writeEntry(count);
        add(rel, position);
    }

    private void add(int rel, int position) {
        if (count == positions.length) {
            relativeOffsets = Arrays.copyOf(relativeOffsets, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        relativeOffsets[count] = rel;
        positions[count] = position;
        count++;
    }

    /**
     * The file position of the last indexed batch starting at or before {@code offset} and before
     * {@code positionLimit}; 0 (the segment's start) when there is none.
     */
    synchronized int floorPosition(long offset, long positionLimit) {
        long rel = offset - baseOffset;
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (relativeOffsets[mid] <= rel) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        while (found >= 0 && positions[found] >= positionLimit) {
            found--;
        }
        return found < 0 ? 0 : positions[found];
    }

    /**
     * The file position of the last indexed batch that starts after {@code afterPosition}, at or before
     * {@code atMostPosition}, and below offset {@code offsetLimit}; -1 when there is none. Every batch
     * between a batch start and such a position is then whole and below the offset limit.
     */
    synchronized int lastPositionWithin(long afterPosition, long atMostPosition, long offsetLimit) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (positions[mid] <= atMostPosition) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        while (found >= 0 && baseOffset + relativeOffsets[found] >= offsetLimit) {
            found--;
        }
        return found >= 0 && positions[found] > afterPosition ? positions[found] : -1;
    }

    synchronized int entries() {
        return count;
    }

    /** Drops every entry, in memory and on disk. */
    synchronized void clear() throws IOException {
        truncateFile();
        count = 0;
        wholeEntries = true;
    }
}
