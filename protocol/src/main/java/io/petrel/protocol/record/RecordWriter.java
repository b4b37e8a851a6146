package io.petrel.protocol.record;

import io.petrel.protocol.Varint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes records one after another straight into a {@link GrowableBuffer}.
 *
 * <p>How it works: a record starts with the varint length of the rest, so its size is computed first
 * (header keys are UTF-8 encoded once, into a reused scratch array, for that), room for the whole record
 * is made once, and the fields are put in order. No per-record object is built; the caller's key and
 * value buffers are read without moving their positions.
 */
final class RecordWriter {
    private static final byte[][] NO_KEYS = new byte[0][];

    private final GrowableBuffer out;
    private byte[][] headerKeys = NO_KEYS;

    RecordWriter(GrowableBuffer out) {
        this.out = out;
    }

    /** Writes one record and returns the bytes it took, its length varint included. */
    int write(long timestampDelta, int offsetDelta, ByteBuffer key, ByteBuffer value, List<RecordHeader> headers) {
        int headerCount = headers == null ? 0 : headers.size();
        int headersSize = encodeHeaderKeys(headers, headerCount);
        int bodySize = bodySize(timestampDelta, offsetDelta, sizeOf(key), sizeOf(value), headerCount, headersSize);
        int size = Varint.sizeOfInt(bodySize) + bodySize;
        ByteBuffer buf = out.ensureRemaining(size);
        Varint.writeInt(buf, bodySize);
        buf.put((byte) 0);
        Varint.writeLong(buf, timestampDelta);
        Varint.writeInt(buf, offsetDelta);
        putField(buf, key);
        putField(buf, value);
        Varint.writeInt(buf, headerCount);
        for (int i = 0; i < headerCount; i++) {
            putBytes(buf, headerKeys[i]);
            putBytes(buf, headers.get(i).value());
        }
        return size;
    }

    /** The bytes a record would take, its length varint included, with header keys measured, not encoded. */
    static int sizeInBytes(long timestampDelta, int offsetDelta, int keySize, int valueSize, List<RecordHeader> headers) {
        int headerCount = headers == null ? 0 : headers.size();
        int headersSize = 0;
        for (int i = 0; i < headerCount; i++) {
            RecordHeader header = headers.get(i);
            headersSize += headerSize(Utf8.length(header.key()), header.value());
        }
        int bodySize = bodySize(timestampDelta, offsetDelta, keySize, valueSize, headerCount, headersSize);
        return Varint.sizeOfInt(bodySize) + bodySize;
    }

    private static int bodySize(long timestampDelta, int offsetDelta, int keySize, int valueSize,
                                int headerCount, int headersSize) {
        return 1 + Varint.sizeOfLong(timestampDelta) + Varint.sizeOfInt(offsetDelta)
                + fieldSize(keySize) + fieldSize(valueSize) + Varint.sizeOfInt(headerCount) + headersSize;
    }

    /** Encodes the header keys into the scratch array and returns the headers' encoded size. */
    private int encodeHeaderKeys(List<RecordHeader> headers, int count) {
        if (headerKeys.length < count) {
            headerKeys = new byte[Math.max(count, 2 * headerKeys.length)][];
        }
        int size = 0;
        for (int i = 0; i < count; i++) {
            RecordHeader header = headers.get(i);
            byte[] key = header.key().getBytes(StandardCharsets.UTF_8);
            headerKeys[i] = key;
            size += headerSize(key.length, header.value());
        }
        return size;
    }

    private static int headerSize(int keyLength, byte[] value) {
        return fieldSize(keyLength) + fieldSize(value == null ? -1 : value.length);
    }

    private static int sizeOf(ByteBuffer field) {
        return field == null ? -1 : field.remaining();
    }

    private static int fieldSize(int size) {
        return Varint.sizeOfInt(size) + Math.max(size, 0);
    }

    private static void putField(ByteBuffer buf, ByteBuffer field) {
        if (field == null) {
            Varint.writeInt(buf, -1);
            return;
        }
        int size = field.remaining();
        Varint.writeInt(buf, size);
        buf.put(buf.position(), field, field.position(), size);
        buf.position(buf.position() + size);
    }

    private static void putBytes(ByteBuffer buf, byte[] bytes) {
        if (bytes == null) {
            Varint.writeInt(buf, -1);
            return;
        }
        Varint.writeInt(buf, bytes.length);
        buf.put(bytes);
    }
}
