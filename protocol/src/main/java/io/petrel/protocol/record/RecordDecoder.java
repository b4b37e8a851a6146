package io.petrel.protocol.record;

import io.petrel.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Decodes the records of one batch, one at a time, from a buffer holding the batch's (decompressed)
 * records.
 *
 * <p>How it works: the decoder walks the buffer with its own index, reading the backing array directly
 * when there is one (the usual case: a heap batch or a decompressed one) and absolute {@code get}s
 * otherwise, so no buffer position or limit is touched per field. Every read is held to the end of the
 * current record, the bound its declared length sets, so no field can read into the next record, and
 * every length is checked before anything is skipped. Nothing is copied or decoded beyond the fixed
 * fields: the {@link Record} keeps positions of its key, value and headers, slices the first two from a
 * read-only view on demand, and decodes headers when first asked, from a region this pass has already
 * walked and checked. {@link #advance} decodes a record's fields into the decoder itself, so a reader that
 * takes what it needs from them ({@link RecordCursor}) allocates nothing per record; {@link #current} makes
 * a {@link Record} of them. Messages say what is wrong with the record, in the words of {@link FieldReader}
 * and {@link io.petrel.protocol.Varint}; {@link RecordIterator} adds which batch and record.
 */
final class RecordDecoder {
    /** attributes, timestampDelta, offsetDelta, key length, value length, header count: one byte each at least. */
    private static final int MIN_RECORD_BODY = 6;
    /** A header needs a key length and a value length, one byte each at least. */
    private static final int MIN_HEADER_SIZE = 2;

    private final ByteBuffer data;
    private final ByteBuffer view;
    /** The backing array when it may be read directly, else null and reads go through {@link #data}. */
    private final byte[] array;
    private final int arrayOffset;
    private final int limit;
    private final long baseOffset;
    private final long baseTimestamp;
    private final boolean logAppendTime;
    private final long maxTimestamp;
    private final int baseSequence;
    /** The index of the next byte to read. */
    private int position;

    // The record advance() decoded last.
    private long timestamp;
    private int offsetDelta;
    private int recordStart;
    private int recordEnd;
    private int keyPosition;
    private int keySize;
    private int valuePosition;
    private int valueSize;
    private int headersPosition;
    private int headerCount;

    RecordDecoder(ByteBuffer records, RecordBatch batch) {
        this.data = records.duplicate();
        this.view = records.asReadOnlyBuffer();
        this.array = records.hasArray() ? records.array() : null;
        this.arrayOffset = records.hasArray() ? records.arrayOffset() : 0;
        this.position = records.position();
        this.limit = records.limit();
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.maxTimestamp = batch.maxTimestamp();
        this.baseSequence = batch.baseSequence();
    }

    boolean hasRemaining() {
        return position < limit;
    }

    int remaining() {
        return limit - position;
    }

    /**
     * Decodes the next record in place: its fields are read through the accessors below until the next
     * call. Nothing is allocated.
     */
    void advance() {
        int start = position;
        int length = readInt(limit);
        if (length < MIN_RECORD_BODY) {
            throw new ProtocolException("record length is " + length + ", expected at least " + MIN_RECORD_BODY);
        }
        if (length > limit - position) {
            throw new ProtocolException("record length is " + length + ", but only " + (limit - position)
                    + " bytes remain in the batch");
        }
        int end = position + length;
        position++; // record attributes: unused by the format
        long timestampDelta = readLong(end);
        int offsetDelta = readInt(end);
        int keySize = readLength(end, "key", -1);
        int keyPosition = position;
        skip(keySize);
        int valueSize = readLength(end, "value", -1);
        int valuePosition = position;
        skip(valueSize);
        int headerCount = readHeaderCount(end);
        int headersPosition = position;
        for (int i = 0; i < headerCount; i++) {
            skip(readLength(end, "header key", 0));
            skip(readLength(end, "header value", -1));
        }
        if (position < end) {
            throw new ProtocolException("record declares " + (end - start) + " bytes with its length, but its fields end "
                    + (end - position) + " bytes before that");
        }
        this.timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
        this.offsetDelta = offsetDelta;
        this.recordStart = start;
        this.recordEnd = end;
        this.keyPosition = keyPosition;
        this.keySize = keySize;
        this.valuePosition = valuePosition;
        this.valueSize = valueSize;
        this.headersPosition = headersPosition;
        this.headerCount = headerCount;
    }

    /** The record {@link #advance} decoded last, as a value of its own. */
    Record current() {
        return new Record(data, view, offset(), timestamp, sequence(), recordEnd - recordStart,
                keyPosition, keySize, valuePosition, valueSize, headersPosition, recordEnd, headerCount);
    }

    long offset() {
        return baseOffset + offsetDelta;
    }

    long timestamp() {
        return timestamp;
    }

    int sequence() {
        return RecordBatch.sequenceAt(baseSequence, offsetDelta);
    }

    int sizeInBytes() {
        return recordEnd - recordStart;
    }

    int keySize() {
        return keySize;
    }

    int valueSize() {
        return valueSize;
    }

    int headerCount() {
        return headerCount;
    }

    ByteBuffer key() {
        return keySize < 0 ? null : view.slice(keyPosition, keySize);
    }

    ByteBuffer value() {
        return valueSize < 0 ? null : view.slice(valuePosition, valueSize);
    }

    byte[] keyBytes() {
        return copy(keyPosition, keySize);
    }

    byte[] valueBytes() {
        return copy(valuePosition, valueSize);
    }

    List<RecordHeader> headers() {
        return headerCount == 0 ? List.of() : new HeaderList(data, headersPosition, recordEnd, headerCount, offset());
    }

    /**
     * A copy of {@code size} bytes at {@code index}, or null for size -1: straight from the backing array when there
     * is one (JDK 17's absolute bulk {@code get} copies byte by byte).
     */
    private byte[] copy(int index, int size) {
        return copy(data, index, size);
    }

    /** As {@link #copy(int, int)}, from any buffer (absolute index; position and limit untouched). */
    static byte[] copy(ByteBuffer from, int index, int size) {
        if (size < 0) {
            return null;
        }
        byte[] bytes = new byte[size];
        if (from.hasArray()) {
            System.arraycopy(from.array(), from.arrayOffset() + index, bytes, 0, size);
        } else {
            from.get(index, bytes);
        }
        return bytes;
    }

    /** As {@link FieldReader#readLength}: a varint length of at least {@code smallest} that fits before {@code end}. */
    private int readLength(int end, String field, int smallest) {
        int size = readInt(end);
        if (size < smallest) {
            throw new ProtocolException(field + " length is " + size + ", expected " + smallest + " or more");
        }
        if (size > end - position) {
            throw new ProtocolException(field + " length is " + size + ", but only " + (end - position)
                    + " bytes remain in the record");
        }
        return size;
    }

    /** As {@link FieldReader#readHeaderCount}: a count the bytes left before {@code end} could hold. */
    private int readHeaderCount(int end) {
        int count = readInt(end);
        int remaining = end - position;
        if (count < 0 || count > remaining / MIN_HEADER_SIZE) {
            throw new ProtocolException("header count is " + count + ", but the " + remaining
                    + " bytes left in the record hold at most " + remaining / MIN_HEADER_SIZE + " headers");
        }
        return count;
    }

    /** Moves past {@code size} bytes (none for a null field, size -1); the size is already checked. */
    private void skip(int size) {
        if (size > 0) {
            position += size;
        }
    }

    private byte byteAt(int index) {
        return array != null ? array[arrayOffset + index] : data.get(index);
    }

    /** A zigzag varint, read as {@link io.petrel.protocol.Varint#readInt} does, with {@code end} as the buffer's end. */
    private int readInt(int end) {
        int raw = readUnsignedInt(end);
        return (raw >>> 1) ^ -(raw & 1);
    }

    private int readUnsignedInt(int end) {
        int p = position;
        // One byte first: most lengths, deltas and counts fit in it, and a record's header count is read
        // with a single byte left before its end, which the five-byte bound below would send the slow way.
        int b = p < end ? byteAt(p) : -1;
        if (b >= 0) {
            position = p + 1;
            return b;
        }
        if (end - p < 5) {
            return readUnsignedIntSlow(end);
        }
        // At least 5 bytes remain, the most a 32-bit varint may take: no bound to check per byte.
        int value = b & 0x7f;
        b = byteAt(p + 1);
        if (b >= 0) {
            position = p + 2;
            return value | b << 7;
        }
        value |= (b & 0x7f) << 7;
        b = byteAt(p + 2);
        if (b >= 0) {
            position = p + 3;
            return value | b << 14;
        }
        value |= (b & 0x7f) << 14;
        b = byteAt(p + 3);
        if (b >= 0) {
            position = p + 4;
            return value | b << 21;
        }
        value |= (b & 0x7f) << 21;
        b = byteAt(p + 4);
        position = p + 5;
        if (b >= 0) {
            return value | b << 28;
        }
        throw new ProtocolException("Varint is longer than the 5 bytes a 32-bit value allows");
    }

    private int readUnsignedIntSlow(int end) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = next(end);
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new ProtocolException("Varint is longer than the 5 bytes a 32-bit value allows");
    }

    /** A zigzag varlong, read as {@link io.petrel.protocol.Varint#readLong} does, with {@code end} as the buffer's end. */
    private long readLong(int end) {
        int p = position;
        if (end - p >= 2) {
            // The common one- and two-byte deltas.
            int b = byteAt(p);
            if (b >= 0) {
                position = p + 1;
                return (b >>> 1) ^ -(b & 1);
            }
            int c = byteAt(p + 1);
            if (c >= 0) {
                position = p + 2;
                long raw = (b & 0x7f) | c << 7;
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = next(end);
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new ProtocolException("Varlong is longer than the 10 bytes a 64-bit value allows");
    }

    private byte next(int end) {
        if (position >= end) {
            throw new ProtocolException("Varint is cut off: the buffer ended inside it");
        }
        return byteAt(position++);
    }
}
