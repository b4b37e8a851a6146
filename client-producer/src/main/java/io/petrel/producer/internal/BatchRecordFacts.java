package io.petrel.producer.internal;

import java.util.Arrays;

/**
 * What RecordMetadata needs of each record of a batch besides its offset: the create time and the key and
 * value sizes, kept until the batch is acknowledged.
 *
 * <p>Why columns that start empty: these facts used to sit in every record's completion (16 bytes, and a
 * 48-byte object instead of 24), alive from send() to the acknowledgement. Here a batch keeps the first
 * record's values and adds a column only when a record differs: records of one batch usually share their key
 * and value sizes (no column then), and their create times lie milliseconds apart (4 bytes each, as an int
 * difference from the first; whole longs only when a caller's timestamps are further apart than an int holds).
 * Used under the batch's partition lock while appending, then by the sender thread alone.
 */
final class BatchRecordFacts {
    private int count;
    private long firstTimestamp;
    private int firstKeySize;
    private int firstValueSize;
    /** Null while every create time equals the first. */
    private int[] timestampDeltas;
    /** Replaces timestampDeltas once a difference does not fit an int. */
    private long[] timestamps;
    /** Null while every key size equals the first. */
    private int[] keySizes;
    /** Null while every value size equals the first. */
    private int[] valueSizes;
    private final int initialCapacity;

    /** @param initialCapacity the records a column holds before it grows, for when one is needed */
    BatchRecordFacts(int initialCapacity) {
        this.initialCapacity = Math.max(1, initialCapacity);
    }

    void add(long timestamp, int keySize, int valueSize) {
        if (count == 0) {
            firstTimestamp = timestamp;
            firstKeySize = keySize;
            firstValueSize = valueSize;
            count = 1;
            return;
        }
        addTimestamp(timestamp);
        if (keySizes != null || keySize != firstKeySize) {
            keySizes = set(keySizes, firstKeySize, keySize);
        }
        if (valueSizes != null || valueSize != firstValueSize) {
            valueSizes = set(valueSizes, firstValueSize, valueSize);
        }
        count++;
    }

    private void addTimestamp(long timestamp) {
        if (timestamps != null) {
            timestamps = grown(timestamps);
            timestamps[count] = timestamp;
            return;
        }
        long delta = timestamp - firstTimestamp;
        if (timestampDeltas == null && delta == 0) {
            return;
        }
        if (delta != (int) delta) {
            long[] whole = new long[Math.max(initialCapacity, count + 1)];
            for (int i = 0; i < count; i++) {
                whole[i] = timestamp(i);
            }
            whole[count] = timestamp;
            timestamps = whole;
            timestampDeltas = null;
            return;
        }
        timestampDeltas = set(timestampDeltas, 0, (int) delta);
    }

    /** Stores {@code value} at index count, making the column (filled with {@code first}) or growing it. */
    private int[] set(int[] column, int first, int value) {
        if (column == null) {
            column = new int[Math.max(initialCapacity, count + 1)];
            Arrays.fill(column, 0, count, first);
        } else if (column.length == count) {
            column = Arrays.copyOf(column, 2 * count);
        }
        column[count] = value;
        return column;
    }

    private long[] grown(long[] column) {
        return column.length == count ? Arrays.copyOf(column, 2 * count) : column;
    }

    int count() {
        return count;
    }

    long timestamp(int i) {
        if (timestamps != null) {
            return timestamps[i];
        }
        return timestampDeltas == null ? firstTimestamp : firstTimestamp + timestampDeltas[i];
    }

    int keySize(int i) {
        return keySizes == null ? firstKeySize : keySizes[i];
    }

    int valueSize(int i) {
        return valueSizes == null ? firstValueSize : valueSizes[i];
    }
}
