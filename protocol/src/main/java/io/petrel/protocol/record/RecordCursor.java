package io.petrel.protocol.record;

import io.petrel.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads the records of one batch in place, one at a time, without a {@link Record} per record: after
 * {@link #advance()} returns true, the accessors describe the current record until the next call. For a reader
 * that turns each record into something of its own at once (a consumer building its ConsumerRecords), so a
 * record costs only what that reader keeps. Keys and values are handed out as read-only slices or copies, as
 * {@link Record} hands them out; headers decode when first read, and stay valid after the cursor moves on.
 *
 * <p>The checks are those of {@link RecordBatch#iterator()}: each record is held to its declared length, the
 * batch to its declared recordCount (records ending before it, or bytes left after the last one, fail), and
 * every {@link ProtocolException} names the batch's offset and the record's index. Not safe for concurrent use.
 */
public final class RecordCursor {
    private final RecordDecoder decoder;
    /** The batch's baseOffset when reading began, which names it in messages (built only on failure). */
    private final long batchBaseOffset;
    private final int recordCount;
    private int read;

    RecordCursor(RecordDecoder decoder, long batchBaseOffset, int recordCount) {
        this.decoder = decoder;
        this.batchBaseOffset = batchBaseOffset;
        this.recordCount = recordCount;
    }

    /**
     * Moves to the next record; false when the batch's recordCount records have been read.
     *
     * @throws ProtocolException when the record is malformed, or the records do not match the recordCount
     */
    public boolean advance() {
        if (read == recordCount) {
            return false;
        }
        if (!decoder.hasRemaining()) {
            throw new ProtocolException(batchName() + " has recordCount " + recordCount
                    + ", but its records end after " + read);
        }
        try {
            decoder.advance();
        } catch (ProtocolException e) {
            throw new ProtocolException(batchName() + ", record " + read + ": " + e.getMessage(), e);
        }
        read++;
        if (read == recordCount && decoder.hasRemaining()) {
            throw new ProtocolException(batchName() + " has recordCount " + recordCount + ", but "
                    + decoder.remaining() + " bytes follow its last record");
        }
        return true;
    }

    /** Whether records are left to {@link #advance} to. */
    public boolean hasNext() {
        return read < recordCount;
    }

    /** The current record as a {@link Record} of its own, which outlives the cursor's next move. */
    public Record toRecord() {
        return decoder.current();
    }

    /** As {@link Record#offset()}. */
    public long offset() {
        return decoder.offset();
    }

    /** As {@link Record#timestamp()}. */
    public long timestamp() {
        return decoder.timestamp();
    }

    /** As {@link Record#sequence()}. */
    public int sequence() {
        return decoder.sequence();
    }

    /** As {@link Record#sizeInBytes()}. */
    public int sizeInBytes() {
        return decoder.sizeInBytes();
    }

    /** As {@link Record#keySize()}: -1 for a null key. */
    public int keySize() {
        return decoder.keySize();
    }

    /** As {@link Record#valueSize()}: -1 for a null value. */
    public int valueSize() {
        return decoder.valueSize();
    }

    /** As {@link Record#key()}: a new read-only slice, or null. */
    public ByteBuffer key() {
        return decoder.key();
    }

    /** As {@link Record#value()}: a new read-only slice, or null. */
    public ByteBuffer value() {
        return decoder.value();
    }

    /** As {@link Record#keyBytes()}: a copy, or null. */
    public byte[] keyBytes() {
        return decoder.keyBytes();
    }

    /** As {@link Record#valueBytes()}: a copy, or null. */
    public byte[] valueBytes() {
        return decoder.valueBytes();
    }

    /** As {@link Record#headerCount()}. */
    public int headerCount() {
        return decoder.headerCount();
    }

    /** As {@link Record#headers()}: an immutable list, decoded when first read, that outlives the cursor's move. */
    public List<RecordHeader> headers() {
        return decoder.headers();
    }

    private String batchName() {
        return RecordBatch.name(batchBaseOffset);
    }
}
