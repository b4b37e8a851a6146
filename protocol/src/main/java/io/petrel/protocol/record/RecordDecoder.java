package io.petrel.protocol.record;

import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.Varint;

import java.nio.ByteBuffer;

/**
 * Decodes the records of one batch, one at a time, from a buffer holding the batch's (decompressed)
 * records.
 *
 * <p>How it works: the reader advances through {@code in}; before reading a record it narrows the
 * buffer's limit to that record's declared length, so no field can read into the next record, and every
 * length is checked (by {@link FieldReader}) before anything is skipped. Nothing is copied or decoded
 * beyond the fixed fields: the {@link Record} keeps positions of its key, value and headers, slices the
 * first two from a read-only view on demand, and decodes headers when first asked, from a region this
 * pass has already walked and checked. Messages say what is wrong with the record;
 * {@link RecordIterator} adds which batch and record.
 */
final class RecordDecoder {
    /** attributes, timestampDelta, offsetDelta, key length, value length, header count: one byte each at least. */
    private static final int MIN_RECORD_BODY = 6;

    private final ByteBuffer in;
    private final ByteBuffer data;
    private final ByteBuffer view;
    private final long baseOffset;
    private final long baseTimestamp;
    private final boolean logAppendTime;
    private final long maxTimestamp;
    private final int baseSequence;

    RecordDecoder(ByteBuffer records, RecordBatch batch) {
        this.in = records.duplicate();
        this.data = records.duplicate();
        this.view = records.asReadOnlyBuffer();
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.maxTimestamp = batch.maxTimestamp();
        this.baseSequence = batch.baseSequence();
    }

    boolean hasRemaining() {
        return in.hasRemaining();
    }

    int remaining() {
        return in.remaining();
    }

    Record next() {
        int start = in.position();
        int length = Varint.readInt(in);
        if (length < MIN_RECORD_BODY) {
            throw new ProtocolException("record length is " + length + ", expected at least " + MIN_RECORD_BODY);
        }
        if (length > in.remaining()) {
            throw new ProtocolException("record length is " + length + ", but only " + in.remaining()
                    + " bytes remain in the batch");
        }
        int end = in.position() + length;
        int limit = in.limit();
        in.limit(end);
        try {
            return readBody(start, end);
        } finally {
            in.limit(limit);
        }
    }

    private Record readBody(int start, int end) {
        in.get(); // record attributes: unused by the format
        long timestampDelta = Varint.readLong(in);
        int offsetDelta = Varint.readInt(in);
        int keySize = FieldReader.readLength(in, "key", -1);
        int keyPosition = in.position();
        FieldReader.skip(in, keySize);
        int valueSize = FieldReader.readLength(in, "value", -1);
        int valuePosition = in.position();
        FieldReader.skip(in, valueSize);
        int headerCount = FieldReader.readHeaderCount(in);
        int headersPosition = in.position();
        FieldReader.skipHeaders(in, headerCount);
        if (in.hasRemaining()) {
            throw new ProtocolException("record declares " + (end - start) + " bytes with its length, but its fields end "
                    + in.remaining() + " bytes before that");
        }
        long timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
        int sequence = baseSequence < 0 ? -1 : BatchFormat.incrementSequence(baseSequence, offsetDelta);
        return new Record(data, view, baseOffset + offsetDelta, timestamp, sequence, end - start,
                keyPosition, keySize, valuePosition, valueSize, headersPosition, end, headerCount);
    }
}
