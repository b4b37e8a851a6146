package io.petrel.protocol.record;

import io.petrel.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A record's headers as an immutable list that knows its size from the header count and decodes the
 * headers themselves (UTF-8 keys, copied values) only when an element is first read. The region was
 * walked and checked when the record was decoded; it is read again here with the same checks, so a
 * buffer changed since then fails as a {@link ProtocolException}, not an underflow.
 */
final class HeaderList extends AbstractList<RecordHeader> implements RandomAccess {
    private final ByteBuffer data;
    private final int position;
    private final int end;
    private final int count;
    private final long recordOffset;
    /** Immutable once set, so a racing second decode is harmless. */
    private List<RecordHeader> decoded;

    /** @param data the record bytes, read only through a private duplicate */
    HeaderList(ByteBuffer data, int position, int end, int count, long recordOffset) {
        this.data = data;
        this.position = position;
        this.end = end;
        this.count = count;
        this.recordOffset = recordOffset;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public RecordHeader get(int index) {
        return decoded().get(index);
    }

    private List<RecordHeader> decoded() {
        List<RecordHeader> headers = decoded;
        if (headers == null) {
            headers = decode();
            decoded = headers;
        }
        return headers;
    }

    private List<RecordHeader> decode() {
        ByteBuffer in = data.duplicate().limit(end).position(position);
        try {
            return FieldReader.readHeaders(in, count);
        } catch (ProtocolException e) {
            throw new ProtocolException("Record at offset " + recordOffset + ": " + e.getMessage(), e);
        }
    }
}
