package io.petrel.protocol.record;

import io.petrel.compression.Codec;
import io.petrel.compression.CompressionException;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A view over one record batch v2 (magic 2) in a {@link ByteBuffer}, without copying it.
 *
 * <p>How it works: the view is a slice whose index 0 is the batch's first byte and whose limit is its
 * last, so every header field is an absolute read at a fixed index, and the setters write straight into
 * the caller's memory (a broker rewrites baseOffset and partitionLeaderEpoch in the request buffer it
 * will append to its log). Records are decoded lazily by {@link #iterator()} (or read in place, with no
 * object per record, by {@link #cursor()}): from the batch's own bytes
 * when it is uncompressed, so keys and values are slices of the caller's buffer, or from one buffer the
 * codec decompresses into, bounded by a maximum size so a small hostile batch cannot expand without end.
 *
 * <p>Getting a view ({@link #wrap}, {@link RecordBatches}) checks only magic and batchLength; call
 * {@link #validate()} to check the CRC. Every problem with the bytes, here or while iterating records, is
 * a {@link ProtocolException} naming the batch's offset, the bad value and what was expected. A view is
 * not safe for concurrent use when its setters are called.
 */
public final class RecordBatch implements Iterable<Record> {
    /** The size of a batch header: the bytes before the first record. */
    public static final int HEADER_SIZE = BatchFormat.RECORDS;
    /** The only magic this codec reads and writes. */
    public static final byte MAGIC = 2;
    /** The decompressed size {@link #iterator()} allows a compressed batch's records: 64 MiB. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    private final ByteBuffer buf;

    /** @param batch a slice holding exactly one batch, index 0 its first byte, already framed */
    RecordBatch(ByteBuffer batch) {
        this.buf = batch;
    }

    /**
     * A view over the batch that starts at {@code buffer}'s position. Bytes after it are ignored; the
     * buffer's position and limit are not changed. The CRC is not checked.
     *
     * @throws ProtocolException when the batch is cut off or its batchLength or magic is bad
     */
    public static RecordBatch wrap(ByteBuffer buffer) {
        int size = BatchFramer.sizeOfBatchAt(buffer, buffer.position(), true);
        return new RecordBatch(buffer.slice(buffer.position(), size));
    }

    /** The offset of the batch's first record. */
    public long baseOffset() {
        return buf.getLong(BatchFormat.BASE_OFFSET);
    }

    /** The batch's length counted from after the batchLength field. */
    public int batchLength() {
        return buf.getInt(BatchFormat.BATCH_LENGTH);
    }

    /** The leader epoch of the leader that appended the batch, or -1 when not yet set. */
    public int partitionLeaderEpoch() {
        return buf.getInt(BatchFormat.PARTITION_LEADER_EPOCH);
    }

    /** The batch's magic: always {@value #MAGIC} for a view that exists. */
    public byte magic() {
        return buf.get(BatchFormat.MAGIC);
    }

    /** The stored CRC-32C, as an unsigned value. */
    public long crc() {
        return Integer.toUnsignedLong(buf.getInt(BatchFormat.CRC));
    }

    /** The raw attributes field. */
    public short attributes() {
        return buf.getShort(BatchFormat.ATTRIBUTES);
    }

    /** The last record's offset minus baseOffset. */
    public int lastOffsetDelta() {
        return buf.getInt(BatchFormat.LAST_OFFSET_DELTA);
    }

    /** The first record's timestamp, or the delete horizon when {@link #hasDeleteHorizon()}. */
    public long baseTimestamp() {
        return buf.getLong(BatchFormat.BASE_TIMESTAMP);
    }

    /** The greatest record timestamp, or the log append time for {@link TimestampType#LOG_APPEND_TIME}. */
    public long maxTimestamp() {
        return buf.getLong(BatchFormat.MAX_TIMESTAMP);
    }

    /** The idempotent producer's id, or -1. */
    public long producerId() {
        return buf.getLong(BatchFormat.PRODUCER_ID);
    }

    /** The idempotent producer's epoch, or -1. */
    public short producerEpoch() {
        return buf.getShort(BatchFormat.PRODUCER_EPOCH);
    }

    /** The first record's producer sequence, or -1. */
    public int baseSequence() {
        return buf.getInt(BatchFormat.BASE_SEQUENCE);
    }

    /** The last record's producer sequence (baseSequence plus lastOffsetDelta, wrapping), or -1. */
    public int lastSequence() {
        return sequenceAt(baseSequence(), lastOffsetDelta());
    }

    /**
     * A producer sequence moved on by {@code increment}, wrapping past Integer.MAX_VALUE to 0 as Kafka does:
     * the sequence after a batch's last is {@code incrementSequence(lastSequence, 1)}.
     */
    public static int incrementSequence(int sequence, int increment) {
        return (int) ((sequence + (long) increment) % (1L << 31));
    }

    /** The sequence of the record at {@code offsetDelta} in a batch starting at {@code baseSequence}; -1 without one. */
    static int sequenceAt(int baseSequence, int offsetDelta) {
        return baseSequence < 0 ? -1 : incrementSequence(baseSequence, offsetDelta);
    }

    /** The number of records the header declares. */
    public int recordCount() {
        return buf.getInt(BatchFormat.RECORD_COUNT);
    }

    /**
     * The codec of the batch's records.
     *
     * @throws ProtocolException when the codec id in the attributes is not a known one
     */
    public CompressionType compressionType() {
        int id = attributes() & BatchFormat.COMPRESSION_MASK;
        try {
            return CompressionType.forId(id);
        } catch (CompressionException e) {
            throw new ProtocolException(name() + " has compression codec id " + id + ", expected one of "
                    + knownCodecs(), e);
        }
    }

    /** What the batch's timestamps mean. */
    public TimestampType timestampType() {
        return TimestampType.fromAttributes(attributes());
    }

    /** Whether the batch belongs to a transaction. */
    public boolean isTransactional() {
        return (attributes() & BatchFormat.TRANSACTIONAL_BIT) != 0;
    }

    /** Whether the batch holds a control record (a transaction marker, say) rather than data. */
    public boolean isControl() {
        return (attributes() & BatchFormat.CONTROL_BIT) != 0;
    }

    /** Whether baseTimestamp holds the delete horizon set by log compaction. */
    public boolean hasDeleteHorizon() {
        return (attributes() & BatchFormat.DELETE_HORIZON_BIT) != 0;
    }

    /** The delete horizon, when {@link #hasDeleteHorizon()}. */
    public OptionalLong deleteHorizonMs() {
        return hasDeleteHorizon() ? OptionalLong.of(baseTimestamp()) : OptionalLong.empty();
    }

    /** Whether the batch carries an idempotent producer's id. */
    public boolean hasProducerId() {
        return producerId() >= 0;
    }

    /** The offset of the batch's last record: baseOffset plus lastOffsetDelta. */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after the batch's last record. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** The batch's size in bytes, baseOffset and batchLength included. */
    public int sizeInBytes() {
        return buf.limit();
    }

    /** A duplicate of the batch's bytes: position 0, limit {@link #sizeInBytes()}, sharing memory with the view. */
    public ByteBuffer buffer() {
        return buf.duplicate();
    }

    /** Whether the stored CRC matches the batch's bytes. */
    public boolean isValid() {
        return crc() == BatchFormat.crc(buf);
    }

    /**
     * Checks the stored CRC against the batch's bytes.
     *
     * @throws ProtocolException when they differ
     */
    public void validate() {
        long computed = BatchFormat.crc(buf);
        if (crc() != computed) {
            throw new ProtocolException(name() + " has CRC " + crc() + ", but its bytes give " + computed);
        }
    }

    /** Rewrites baseOffset in place; the CRC does not cover it. Every record's offset moves with it. */
    public void setBaseOffset(long baseOffset) {
        buf.putLong(BatchFormat.BASE_OFFSET, baseOffset);
    }

    /** Rewrites partitionLeaderEpoch in place; the CRC does not cover it. */
    public void setPartitionLeaderEpoch(int epoch) {
        buf.putInt(BatchFormat.PARTITION_LEADER_EPOCH, epoch);
    }

    /**
     * Rewrites the timestamp type and maxTimestamp in place and recomputes the CRC, as a broker does to
     * stamp {@link TimestampType#LOG_APPEND_TIME}. The new CRC covers the bytes as they are, so
     * {@link #validate()} the batch first if it came from the network.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        int attributes = attributes() & ~BatchFormat.TIMESTAMP_TYPE_BIT;
        if (type == TimestampType.LOG_APPEND_TIME) {
            attributes |= BatchFormat.TIMESTAMP_TYPE_BIT;
        }
        buf.putShort(BatchFormat.ATTRIBUTES, (short) attributes);
        buf.putLong(BatchFormat.MAX_TIMESTAMP, maxTimestamp);
        BatchFormat.writeCrc(buf);
    }

    /** The records, decompressing at most {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. */
    @Override
    public Iterator<Record> iterator() {
        return iterator(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /**
     * The records. A compressed batch is decompressed here, whole, into at most
     * {@code maxDecompressedBytes}; an uncompressed one is read in place. {@code next()} decodes one
     * record and throws {@link ProtocolException} when it is malformed or the recordCount does not
     * match.
     *
     * @throws ProtocolException when the recordCount or codec id is bad, or decompression fails or would
     *                           pass the bound
     */
    public Iterator<Record> iterator(int maxDecompressedBytes) {
        return new RecordIterator(cursor(maxDecompressedBytes), baseOffset(), recordCount());
    }

    /**
     * The records read in place, one at a time, with no object per record: for a reader that turns each record
     * into one of its own at once. Decompresses as {@link #iterator(int)} does, with the same checks.
     *
     * @throws ProtocolException when the recordCount or codec id is bad, or decompression fails or would
     *                           pass the bound
     */
    public RecordCursor cursor(int maxDecompressedBytes) {
        return cursor(maxDecompressedBytes, null);
    }

    /**
     * {@link #cursor(int)}, decompressing into {@code scratch} where the codec can and the records fit (see
     * {@link Codec#decompress(ByteBuffer, int, byte[])}): for a reader done with the records before it uses
     * {@code scratch} again, such as a broker checking a Produce batch, so no array is allocated per batch.
     * Keys and values the cursor gives may then be views of {@code scratch}.
     *
     * @param scratch an array the caller owns, or null
     */
    public RecordCursor cursor(int maxDecompressedBytes, byte[] scratch) {
        if (maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("maxDecompressedBytes must be positive, got " + maxDecompressedBytes);
        }
        int count = recordCount();
        if (count < 0) {
            throw new ProtocolException(name() + " has recordCount " + count + ", expected 0 or more");
        }
        ByteBuffer records = count == 0 ? ByteBuffer.allocate(0) : recordBytes(maxDecompressedBytes, scratch);
        return new RecordCursor(new RecordDecoder(records, this), baseOffset(), count);
    }

    /** {@link #cursor(int)} decompressing at most {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. */
    public RecordCursor cursor() {
        return cursor(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /** The records as an {@link Iterable}, each iteration decompressing at most {@code maxDecompressedBytes}. */
    public Iterable<Record> records(int maxDecompressedBytes) {
        return () -> iterator(maxDecompressedBytes);
    }

    /** The records as an {@link Iterable}; the same as the batch itself. */
    public Iterable<Record> records() {
        return this;
    }

    private ByteBuffer recordBytes(int maxDecompressedBytes, byte[] scratch) {
        ByteBuffer payload = buf.slice(BatchFormat.RECORDS, buf.limit() - BatchFormat.RECORDS);
        CompressionType type = compressionType();
        if (type == CompressionType.NONE) {
            return payload;
        }
        try {
            return Codec.of(type).decompress(payload, maxDecompressedBytes, scratch);
        } catch (CompressionException e) {
            throw new ProtocolException(name() + " could not be decompressed with " + type.configName() + " into at most "
                    + maxDecompressedBytes + " bytes: " + e.getMessage(), e);
        }
    }

    private String name() {
        return name(baseOffset());
    }

    /** How messages name the batch with this baseOffset. */
    static String name(long baseOffset) {
        return "Record batch at offset " + baseOffset;
    }

    private static String knownCodecs() {
        return Arrays.stream(CompressionType.values())
                .map(t -> t.configName() + "(" + t.id() + ")")
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", recordCount="
                + recordCount() + ", sizeInBytes=" + sizeInBytes() + ", attributes=" + attributes() + ")";
    }
}
