package io.petrel.broker.internal.log;

import java.nio.ByteBuffer;

/**
 * The fixed 61-byte header of one record batch v2 as it lies in a segment file, with where the batch
 * starts. The log reads only headers to find batches, rebuild indexes and replay producer state, so it
 * never has to decode or decompress records for those; the field positions are those of Kafka's record
 * batch v2 format.
 */
record BatchHeader(long position, long baseOffset, int batchLength, byte magic, long crc, short attributes,
                   int lastOffsetDelta, long maxTimestamp, long producerId, short producerEpoch, int baseSequence,
                   int recordCount) {

    /** Bytes of a header: everything before the first record. */
    static final int SIZE = 61;
    /** baseOffset and batchLength: the bytes batchLength does not count. */
    static final int LOG_OVERHEAD = 12;

    static final int BATCH_LENGTH = 8;
    static final int MAGIC = 16;
    static final int CRC = 17;
    /** The CRC covers the batch from here to its end. */
    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    static final int MAX_TIMESTAMP = 35;
    static final int PRODUCER_ID = 43;
    static final int PRODUCER_EPOCH = 51;
    static final int BASE_SEQUENCE = 53;
    static final int RECORD_COUNT = 57;

    private static final int CONTROL_BIT = 0x20;

    /** Reads the header at absolute index {@code index} of {@code buf}, which must hold {@link #SIZE} bytes there. */
    static BatchHeader read(ByteBuffer buf, int index, long position) {
        return new BatchHeader(position, buf.getLong(index), buf.getInt(index + BATCH_LENGTH), buf.get(index + MAGIC),
                Integer.toUnsignedLong(buf.getInt(index + CRC)), buf.getShort(index + ATTRIBUTES),
                buf.getInt(index + LAST_OFFSET_DELTA), buf.getLong(index + MAX_TIMESTAMP),
                buf.getLong(index + PRODUCER_ID), buf.getShort(index + PRODUCER_EPOCH),
                buf.getInt(index + BASE_SEQUENCE), buf.getInt(index + RECORD_COUNT));
    }

    /** The whole batch's size in bytes, or a negative number when batchLength is too small to be real. */
    long sizeInBytes() {
        return batchLength < SIZE - LOG_OVERHEAD ? -1 : LOG_OVERHEAD + (long) batchLength;
    }

    long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }

    long nextOffset() {
        return lastOffset() + 1;
    }

    boolean isControl() {
        return (attributes & CONTROL_BIT) != 0;
    }

    /** The last record's sequence: baseSequence plus lastOffsetDelta, wrapping past Integer.MAX_VALUE to 0. */
    int lastSequence() {
        return baseSequence < 0 ? -1 : (int) ((baseSequence + (long) lastOffsetDelta) % (1L << 31));
    }
}
