package io.petrel.broker.internal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The sparse time index of a segment ({@code .timeindex}): entries of (timestamp i64, offset relative to
 * the segment's base i32). An entry says "every batch up to here has maxTimestamp at most this, and the
 * batch at this offset is the one that reached it". Entries are added at the same points as the offset
 * index, only when the segment's greatest timestamp has grown, so both fields rise strictly; on roll a
 * last entry records the segment's greatest timestamp, so a closed segment's last entry is its maximum.
 *
 * <p>To find the first batch with maxTimestamp at or above T: take the last entry below T; every batch up
 * to it is below T, so scanning batch headers from its batch on finds the answer (or, with no such entry,
 * scan from the segment's start).
 */
final class TimeIndex extends IndexFile {
    static final int ENTRY_SIZE = 12;

    private long[] timestamps = new long[16];
    private int[] relativeOffsets = new int[16];
    private int count;
    private boolean wholeEntries = true;

    private TimeIndex(Path file, long baseOffset) throws IOException {
        super(file, baseOffset, ENTRY_SIZE);
    }

    /** Opens (creating if absent) the index and loads its entries; see {@link #isConsistent}. */
    static TimeIndex open(Path file, long baseOffset) throws IOException {
        TimeIndex index = new TimeIndex(file, baseOffset);
        index.load();
        return index;
    }

    private void load() throws IOException {
        ByteBuffer all = readAll();
        if (all == null) {
            wholeEntries = false;
            return;
        }
        while (all.remaining() >= ENTRY_SIZE) {
            add(all.getLong(), all.getInt());
        }
    }

    /**
     * Whether the loaded entries could have been written for a non-empty ({@code logSize > 0}) or empty
     * log holding offsets below {@code base + relativeOffsetLimit}: both fields rise strictly.
     */
    synchronized boolean isConsistent(long logSize, long relativeOffsetLimit) {
        if (!wholeEntries) {
            return false;
        }
        if (logSize == 0 || count == 0) {
            return logSize == 0 && count == 0;
        }
        for (int i = 0; i < count; i++) {
            if (relativeOffsets[i] < 0 || relativeOffsets[i] >= relativeOffsetLimit) {
                return false;
            }
            if (i > 0 && (timestamps[i] <= timestamps[i - 1] || relativeOffsets[i] <= relativeOffsets[i - 1])) {
                return false;
            }
        }
        return true;
    }

    /** Adds (timestamp, offset) when timestamp is above the last entry's; otherwise does nothing. */
    synchronized void maybeAppend(long timestamp, long offset) throws IOException {
        if (count > 0 && timestamp <= timestamps[count - 1]) {
            return;
        }
        int rel = relative(offset);
        if (count > 0 && rel <= relativeOffsets[count - 1]) {
            throw new IllegalStateException("Time index entry (" + timestamp + ", " + offset
                    + ") must come after offset " + (baseOffset + relativeOffsets[count - 1]));
        }
        entry().putLong(timestamp).putInt(rel);
        writeEntry(count);
        add(timestamp, rel);
    }

    private void add(long timestamp, int rel) {
        if (count == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, count * 2);
            relativeOffsets = Arrays.copyOf(relativeOffsets, count * 2);
        }
        timestamps[count] = timestamp;
        relativeOffsets[count] = rel;
        count++;
    }

    /** The absolute offset of the last entry whose timestamp is below {@code timestamp}, or -1 when none is. */
    synchronized long offsetBelow(long timestamp) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < timestamp) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? -1 : baseOffset + relativeOffsets[found];
    }

    /** The last entry's timestamp, or Long.MIN_VALUE when empty. */
    synchronized long lastTimestamp() {
        return count == 0 ? Long.MIN_VALUE : timestamps[count - 1];
    }

    /** The last entry's absolute offset, or -1 when empty. */
    synchronized long lastOffset() {
        return count == 0 ? -1 : baseOffset + relativeOffsets[count - 1];
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
