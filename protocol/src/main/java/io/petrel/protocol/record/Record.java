package io.petrel.protocol.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One record decoded from a record batch, with its offset, timestamp and sequence made absolute.
 *
 * <p>How it works: the record keeps a read-only view of the bytes it was decoded from and the positions
 * of its key and value, and cuts a fresh slice each time {@link #key()} or {@link #value()} is called.
 * For an uncompressed batch those bytes are the batch's own buffer, so nothing is copied; for a
 * compressed batch they are the batch's decompressed records. A key or value nobody asks for costs
 * nothing. Headers were walked and checked when the record was decoded, but are decoded into
 * {@link RecordHeader}s only on the first call to {@link #headers()}, since many readers never look at
 * them. A record may be read from several threads.
 */
public final class Record {
    private final ByteBuffer data;
    private final ByteBuffer source;
    private final long offset;
    private final long timestamp;
    private final int sequence;
    private final int sizeInBytes;
    private final int keyPosition;
    private final int keySize;
    private final int valuePosition;
    private final int valueSize;
    private final int headersPosition;
    private final int headersEnd;
    private final int headerCount;
    /** Made on first use; immutable, so a racing second one is harmless. */
    private List<RecordHeader> headers;

    /**
     * @param data   the bytes the record was decoded from, for absolute reads only (it is shared)
     * @param source a read-only view of the same bytes, for slices handed out
     */
    Record(ByteBuffer data, ByteBuffer source, long offset, long timestamp, int sequence, int sizeInBytes,
           int keyPosition, int keySize, int valuePosition, int valueSize,
           int headersPosition, int headersEnd, int headerCount) {
        this.data = data;
        this.source = source;
        this.offset = offset;
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.sizeInBytes = sizeInBytes;
        this.keyPosition = keyPosition;
        this.keySize = keySize;
        this.valuePosition = valuePosition;
        this.valueSize = valueSize;
        this.headersPosition = headersPosition;
        this.headersEnd = headersEnd;
        this.headerCount = headerCount;
    }

    /** The record's absolute offset: the batch's baseOffset plus its offsetDelta. */
    public long offset() {
        return offset;
    }

    /**
     * The record's absolute timestamp: the batch's baseTimestamp plus its timestampDelta, or the batch's
     * maxTimestamp when the batch has {@link TimestampType#LOG_APPEND_TIME}.
     */
    public long timestamp() {
        return timestamp;
    }

    /** The producer sequence of this record (baseSequence plus offsetDelta, wrapping), or -1 when the batch has none. */
    public int sequence() {
        return sequence;
    }

    /** The bytes this record takes in the (decompressed) batch, its length varint included. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** Whether the key is non-null. */
    public boolean hasKey() {
        return keySize >= 0;
    }

    /** The key's length in bytes, or -1 when the key is null. */
    public int keySize() {
        return keySize;
    }

    /** A new read-only slice over the key (position 0, limit = size), or null. Not a copy. */
    public ByteBuffer key() {
        return keySize < 0 ? null : source.slice(keyPosition, keySize);
    }

    /** A copy of the key's bytes, or null. */
    public byte[] keyBytes() {
        return copy(keyPosition, keySize);
    }

    /** Whether the value is non-null. */
    public boolean hasValue() {
        return valueSize >= 0;
    }

    /** The value's length in bytes, or -1 when the value is null. */
    public int valueSize() {
        return valueSize;
    }

    /** A new read-only slice over the value (position 0, limit = size), or null. Not a copy. */
    public ByteBuffer value() {
        return valueSize < 0 ? null : source.slice(valuePosition, valueSize);
    }

    /** A copy of the value's bytes, or null. */
    public byte[] valueBytes() {
        return copy(valuePosition, valueSize);
    }

    /** The number of headers, without decoding them. */
    public int headerCount() {
        return headerCount;
    }

    /**
     * The record's headers in wire order: an immutable list, empty when there are none. Its size is
     * known at once; the headers are decoded when the first one is read.
     *
     * @throws io.petrel.protocol.ProtocolException from the list's {@code get} only if the batch's memory was changed after
     *                           the record was decoded
     */
    public List<RecordHeader> headers() {
        List<RecordHeader> list = headers;
        if (list == null) {
            list = headerCount == 0 ? List.of() : new HeaderList(data, headersPosition, headersEnd, headerCount, offset);
            headers = list;
        }
        return list;
    }

    private byte[] copy(int position, int size) {
        return RecordDecoder.copy(data, position, size);
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", keySize=" + keySize
                + ", valueSize=" + valueSize + ", headers=" + headerCount + ")";
    }
}
