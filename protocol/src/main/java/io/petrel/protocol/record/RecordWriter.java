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
 * is made once, and the fields are put in order into the buffer's array with a local index: no
 * per-record object, no bounds check or position update per byte. The caller's key and value are read
 * without moving their positions.
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
        byte[] a = out.ensureRemaining(size);
        int p = writeFixedFields(a, out.position(), bodySize, timestampDelta, offsetDelta);
        p = putField(a, p, key);
        p = putField(a, p, value);
        p = writeHeaders(a, p, headers, headerCount);
        out.position(p);
        return size;
    }

    /** As {@link #write(long, int, ByteBuffer, ByteBuffer, List)}, for arrays: each whole, or null. */
    int write(long timestampDelta, int offsetDelta, byte[] key, byte[] value, List<RecordHeader> headers) {
        int headerCount = headers == null ? 0 : headers.size();
        int headersSize = encodeHeaderKeys(headers, headerCount);
        int bodySize = bodySize(timestampDelta, offsetDelta, key == null ? -1 : key.length,
                value == null ? -1 : value.length, headerCount, headersSize);
        int size = Varint.sizeOfInt(bodySize) + bodySize;
        byte[] a = out.ensureRemaining(size);
        int p = writeFixedFields(a, out.position(), bodySize, timestampDelta, offsetDelta);
        p = putBytes(a, p, key);
        p = putBytes(a, p, value);
        p = writeHeaders(a, p, headers, headerCount);
        out.position(p);
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

    /** The length, attributes (always 0), timestamp delta and offset delta. */
    private static int writeFixedFields(byte[] a, int p, int bodySize, long timestampDelta, int offsetDelta) {
        p = putVarint(a, p, bodySize);
        a[p++] = 0;
        p = putVarlong(a, p, timestampDelta);
        return putVarint(a, p, offsetDelta);
    }

    private int writeHeaders(byte[] a, int p, List<RecordHeader> headers, int headerCount) {
        p = putVarint(a, p, headerCount);
        for (int i = 0; i < headerCount; i++) {
            p = putBytes(a, p, headerKeys[i]);
            p = putBytes(a, p, headers.get(i).value());
        }
        return p;
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

    private static int putField(byte[] a, int p, ByteBuffer field) {
        if (field == null) {
            return putVarint(a, p, -1);
        }
        int size = field.remaining();
        p = putVarint(a, p, size);
        if (field.hasArray()) {
            System.arraycopy(field.array(), field.arrayOffset() + field.position(), a, p, size);
        } else {
            field.get(field.position(), a, p, size);
        }
        return p + size;
    }

    private static int putBytes(byte[] a, int p, byte[] bytes) {
        if (bytes == null) {
            return putVarint(a, p, -1);
        }
        p = putVarint(a, p, bytes.length);
        System.arraycopy(bytes, 0, a, p, bytes.length);
        return p + bytes.length;
    }

    /** Writes a zigzag varint, as {@link Varint#writeInt} does, and returns the index after it. */
    private static int putVarint(byte[] a, int p, int value) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xffffff80) != 0) {
            a[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        a[p++] = (byte) v;
        return p;
    }

    /** Writes a zigzag varlong, as {@link Varint#writeLong} does, and returns the index after it. */
    private static int putVarlong(byte[] a, int p, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            a[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        a[p++] = (byte) v;
        return p;
    }
}
