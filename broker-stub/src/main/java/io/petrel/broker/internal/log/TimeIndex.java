package io.petrel.broker.internal.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The sparse time index of a segment ({@code .timeindex}): entries of (timestamp i64, offset relative to
 * the segment's base i32). An entry says "every batch up to here has maxTimestamp at most this, and the
 * batch at this offset is the one that reached it". Entries are added at the same points as the offset
 * index, only when the segment's greatest timestamp has grown, so both fields rise strictly; on roll a
 * last entry records the segment's greatest timestamp, so a closed segment's last entry is its maximum.
 *
 * <p>To find the first batch with maxTimestamp at or above T: take the last entry below T; every batch up
 * to it is below T, so scanning batch headers from its batch on finds the answer (or, with no such entry,
 * scan from the segment's start). See {@link IndexFile} for how the entries are kept.
 */
final class TimeIndex extends IndexFile {
    static final int ENTRY_SIZE = 12;

    /** Opens (creating if absent) the index and loads its entries; see {@link #isConsistent}. */
    TimeIndex(Path file, long baseOffset) throws IOException {
        super(file, baseOffset, ENTRY_SIZE);
    }

    private long timestamp(int i) {
        return longAt(i, 0);
    }

    private int relativeOffset(int i) {
        return intAt(i, 8);
    }

    /** Offsets stay inside the segment, and both fields rise strictly. */
    @Override
    protected boolean isConsistentEntry(int i, long logSize, long relativeOffsetLimit) {
        if (relativeOffset(i) < 0 || relativeOffset(i) >= relativeOffsetLimit) {
            return false;
        }
        return i == 0 || (timestamp(i) > timestamp(i - 1) && relativeOffset(i) > relativeOffset(i - 1));
    }

    /** Adds (timestamp, offset) when timestamp is above the last entry's; otherwise does nothing. */
    synchronized void maybeAppend(long timestamp, long offset) throws IOException {
        int last = entries() - 1;
        if (last >= 0 && timestamp <= timestamp(last)) {
            return;
        }
        int rel = relative(offset);
        if (last >= 0 && rel <= relativeOffset(last)) {
            throw new IllegalStateException("Time index entry (" + timestamp + ", " + offset
                    + ") must come after offset " + (baseOffset + relativeOffset(last)));
        }
        entry().putLong(timestamp).putInt(rel);
        addEntry();
    }

    /** The absolute offset of the last entry whose timestamp is below {@code timestamp}, or -1 when none is. */
    synchronized long offsetBelow(long timestamp) {
        int found = lastEntryWhere(i -> timestamp(i) < timestamp);
        return found < 0 ? -1 : baseOffset + relativeOffset(found);
    }

    /** The last entry's timestamp, or Long.MIN_VALUE when empty. */
    synchronized long lastTimestamp() {
        int last = entries() - 1;
        return last < 0 ? Long.MIN_VALUE : timestamp(last);
    }

    /** The last entry's absolute offset, or -1 when empty. */
    synchronized long lastOffset() {
        int last = entries() - 1;
        return last < 0 ? -1 : baseOffset + relativeOffset(last);
    }
}
