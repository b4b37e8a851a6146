package io.petrel.protocol.record;

import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.Varint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checked reads of a record's length-prefixed fields and headers. Every length is held against the
 * bytes left (the caller narrows the buffer's limit to the record) before anything is skipped, sliced
 * or allocated, so a bad length is a {@link ProtocolException}, never an underflow or a huge array.
 */
final class FieldReader {
    /** A header needs a key length and a value length, one byte each at least. */
    private static final int MIN_HEADER_SIZE = 2;

    private FieldReader() {
    }

    /** Reads a varint length, checks it is at least {@code smallest} and fits in what remains, and returns it. */
    static int readLength(ByteBuffer in, String field, int smallest) {
        int size = Varint.readInt(in);
        if (size < smallest) {
            throw new ProtocolException(field + " length is " + size + ", expected " + smallest + " or more");
        }
        if (size > in.remaining()) {
            throw new ProtocolException(field + " length is " + size + ", but only " + in.remaining()
                    + " bytes remain in the record");
        }
        return size;
    }

    /** Reads a header count and checks that the bytes left could hold that many headers. */
    static int readHeaderCount(ByteBuffer in) {
        int count = Varint.readInt(in);
        if (count < 0 || count > in.remaining() / MIN_HEADER_SIZE) {
            throw new ProtocolException("header count is " + count + ", but the " + in.remaining()
                    + " bytes left in the record hold at most " + in.remaining() / MIN_HEADER_SIZE + " headers");
        }
        return count;
    }

    /** Steps over {@code count} headers, checking each length, without decoding them. */
    static void skipHeaders(ByteBuffer in, int count) {
        for (int i = 0; i < count; i++) {
            skip(in, readLength(in, "header key", 0));
            skip(in, readLength(in, "header value", -1));
        }
    }

    /** Decodes {@code count} headers into an immutable list. */
    static List<RecordHeader> readHeaders(ByteBuffer in, int count) {
        RecordHeader[] headers = new RecordHeader[count];
        for (int i = 0; i < count; i++) {
            String key = readUtf8(in, readLength(in, "header key", 0));
            int valueSize = readLength(in, "header value", -1);
            byte[] value = null;
            if (valueSize >= 0) {
                value = new byte[valueSize];
                in.get(value);
            }
            headers[i] = new RecordHeader(key, value);
        }
        return List.of(headers);
    }

    /** Moves past {@code size} bytes (none for a null field, size -1); the size is already checked. */
    static void skip(ByteBuffer in, int size) {
        if (size > 0) {
            in.position(in.position() + size);
        }
    }

    private static String readUtf8(ByteBuffer in, int size) {
        int position = in.position();
        in.position(position + size);
        if (in.hasArray()) {
            return new String(in.array(), in.arrayOffset() + position, size, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[size];
        in.get(position, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
