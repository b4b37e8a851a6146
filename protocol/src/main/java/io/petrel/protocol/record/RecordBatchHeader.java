package io.petrel.protocol.record;

import java.nio.ByteBuffer;
import java.util.OptionalInt;

/**
 * The fixed fields of one record batch v2 header, copied out of a buffer that may hold only the header.
 *
 * <p>Why it exists beside {@link RecordBatch}: a view needs the whole batch in memory, while a log that
 * walks batches on disk reads headers alone (to find batches, rebuild indexes, replay producer state) and
 * skips the records by their length. Reading a header checks nothing: {@link #sizeInBytes()} says whether
 * batchLength can be real, and the caller decides what a bad magic or CRC means. The layout is
 * {@link BatchFormat}'s, the one {@link RecordBatch} reads and {@link RecordBatchBuilder} writes.
 *
 * @param crc the stored CRC-32C, as an unsigned value
 */
public record RecordBatchHeader(long baseOffset, int batchLength, int partitionLeaderEpoch, byte magic, long crc,
                                short attributes, int lastOffsetDelta, long baseTimestamp, long maxTimestamp,
                                long producerId, short producerEpoch, int baseSequence, int recordCount) {
    /** The bytes of a header: everything before the first record. */
    public static final int SIZE = BatchFormat.RECORDS;
    /** The smallest batchLength that can be real: a header's worth after the batchLength field. */
    public static final int MIN_BATCH_LENGTH = BatchFormat.MIN_BATCH_LENGTH;
    /** Where, from the batch's first byte, the bytes the CRC covers start; they run to the batch's end. */
    public static final int CRC_COVERAGE_START = BatchFormat.ATTRIBUTES;

    /**
     * The header at absolute index {@code index} of {@code buffer}; the buffer's position is not used or moved.
     *
     * @throws IllegalArgumentException when fewer than {@link #SIZE} bytes lie between {@code index} and the limit
     */
    public static RecordBatchHeader read(ByteBuffer buffer, int index) {
        if (index < 0 || buffer.limit() - index < SIZE) {
            throw new IllegalArgumentException("A record batch header needs " + SIZE + " bytes, but index " + index
                    + " of a buffer with limit " + buffer.limit() + " leaves " + Math.max(0, buffer.limit() - index));
        }
        return new RecordBatchHeader(buffer.getLong(index + BatchFormat.BASE_OFFSET),
                buffer.getInt(index + BatchFormat.BATCH_LENGTH),
                buffer.getInt(index + BatchFormat.PARTITION_LEADER_EPOCH),
                buffer.get(index + BatchFormat.MAGIC),
                Integer.toUnsignedLong(buffer.getInt(index + BatchFormat.CRC)),
                buffer.getShort(index + BatchFormat.ATTRIBUTES),
                buffer.getInt(index + BatchFormat.LAST_OFFSET_DELTA),
                buffer.getLong(index + BatchFormat.BASE_TIMESTAMP),
                buffer.getLong(index + BatchFormat.MAX_TIMESTAMP),
                buffer.getLong(index + BatchFormat.PRODUCER_ID),
                buffer.getShort(index + BatchFormat.PRODUCER_EPOCH),
                buffer.getInt(index + BatchFormat.BASE_SEQUENCE),
                buffer.getInt(index + BatchFormat.RECORD_COUNT));
    }

    /**
     * The magic byte of the batch starting at absolute index {@code index} of {@code buffer}, or empty when
     * the buffer ends before it: enough to tell an old message format from a cut-off batch.
     */
    public static OptionalInt magicAt(ByteBuffer buffer, int index) {
        if (index < 0 || buffer.limit() - index <= BatchFormat.MAGIC) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(buffer.get(index + BatchFormat.MAGIC));
    }

    /** The whole batch's size in bytes (baseOffset and batchLength included), or -1 when batchLength is too small to be real. */
    public long sizeInBytes() {
        return batchLength < MIN_BATCH_LENGTH ? -1 : BatchFormat.LOG_OVERHEAD + (long) batchLength;
    }

    /** The offset of the batch's last record: baseOffset plus lastOffsetDelta. */
    public long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }

    /** The offset after the batch's last record. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** Whether the batch holds a control record (a transaction marker, say) rather than data. */
    public boolean isControl() {
        return (attributes & BatchFormat.CONTROL_BIT) != 0;
    }

    /** The last record's producer sequence (baseSequence plus lastOffsetDelta, wrapping), or -1. */
    public int lastSequence() {
        return RecordBatch.sequenceAt(baseSequence, lastOffsetDelta);
    }
}
