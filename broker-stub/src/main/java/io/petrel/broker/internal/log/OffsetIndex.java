package io.petrel.broker.internal.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The sparse offset index of a segment ({@code .index}): entries of (offset relative to the segment's
 * base as i32, file position of the batch starting at that offset as i32), one for the segment's first
 * batch and then one per {@code index.interval.bytes} of log. A lookup gives the position of the last
 * indexed batch at or before an offset, from which a scan of batch headers finds the batch itself.
 * See {@link IndexFile} for how the entries are kept.
 */
final class OffsetIndex extends IndexFile {
    static final int ENTRY_SIZE = 8;

    /** Opens (creating if absent) the index and loads its entries; see {@link #isConsistent}. */
    OffsetIndex(Path file, long baseOffset) throws IOException {
        super(file, baseOffset, ENTRY_SIZE);
    }

    private int relativeOffset(int i) {
        return intAt(i, 0);
    }

    private int position(int i) {
        return intAt(i, 4);
    }

    /**
     * The first entry is the first batch, and offsets and positions rise strictly and stay inside the log.
     */
    @Override
    protected boolean isConsistentEntry(int i, long logSize, long relativeOffsetLimit) {
        if (i == 0 && (relativeOffset(0) != 0 || position(0) != 0)) {
            return false;
        }
        if (position(i) >= logSize || relativeOffset(i) >= relativeOffsetLimit) {
            return false;
        }
        return i == 0 || (relativeOffset(i) > relativeOffset(i - 1) && position(i) > position(i - 1));
    }

    /** Adds an entry for the batch starting at {@code offset} and file {@code position}. */
    synchronized void append(long offset, int position) throws IOException {
        int rel = relative(offset);
        int last = entries() - 1;
        if (last >= 0 && (rel <= relativeOffset(last) || position <= position(last))) {
            throw new IllegalStateException("Offset index entry (" + offset + ", " + position + ") must come after ("
                    + (baseOffset + relativeOffset(last)) + ", " + position(last) + ")");
        }
        entry().putInt(rel).putInt(position);
        addEntry();
    }

    /**
     * The file position of the last indexed batch starting at or before {@code offset} and before
     * {@code positionLimit}; 0 (the segment's start) when there is none.
     */
    synchronized int floorPosition(long offset, long positionLimit) {
        long rel = offset - baseOffset;
        int found = lastEntryWhere(i -> relativeOffset(i) <= rel);
        while (found >= 0 && position(found) >= positionLimit) {
            found--;
        }
        return found < 0 ? 0 : position(found);
    }

    /**
     * The file position of the last indexed batch that starts after {@code afterPosition}, at or before
     * {@code atMostPosition}, and below offset {@code offsetLimit}; -1 when there is none. Every batch
     * between a batch start and such a position is then whole and below the offset limit.
     */
    synchronized int lastPositionWithin(long afterPosition, long atMostPosition, long offsetLimit) {
        int found = lastEntryWhere(i -> position(i) <= atMostPosition);
        while (found >= 0 && baseOffset + relativeOffset(found) >= offsetLimit) {
            found--;
        }
        return found >= 0 && position(found) > afterPosition ? position(found) : -1;
    }
}
