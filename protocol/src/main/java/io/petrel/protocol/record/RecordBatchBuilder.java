package io.petrel.protocol.record;

import io.petrel.compression.Codec;
import io.petrel.compression.CompressionType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes one record batch v2: set the batch's fields, append records, then {@link #build()}.
 *
 * <p>How it works: records are encoded as they are appended, by {@link RecordWriter}, into one growing
 * heap buffer whose first {@value RecordBatch#HEADER_SIZE} bytes are kept free for the header. Every
 * header field is written only by {@link #build()}, so producer id, epoch, sequence, leader epoch and
 * compression may still change after the records are in (a producer assigns sequences when it drains a
 * batch). Uncompressed, build() fills in the header in place and the buffer is the batch, with no copy.
 * Compressed, build() writes the encoded records through the codec's compressing stream in one write
 * (measured: no codec is slower for it, and LZ4 then compresses whole blocks where they lie), straight
 * into the batch's buffer after room for the header, so the compressed bytes are not copied again; no
 * codec state is held while records are appended, so an abandoned builder leaks nothing. The records of
 * a compressed batch are only staged, so their array comes from and goes back to a small pool
 * ({@link RecordArrays}), sparing each builder the allocation and growth. The CRC is computed last.
 *
 * <p>Only baseOffset (given at construction) and the delete horizon (which becomes baseTimestamp) are
 * fixed once the first record is in, since record deltas are written against them. A builder is for
 * one thread and one batch; after build() it only returns the same batch again.
 */
public final class RecordBatchBuilder {
    /** The buffer size a builder starts with unless {@link #initialCapacity(int)} says otherwise. */
    public static final int DEFAULT_INITIAL_CAPACITY = 1024;
    /** Headroom on a compression ratio estimate, for codec framing and data that compresses worse than before. */
    private static final float ESTIMATE_MARGIN = 1.05f;

    private final long baseOffset;
    private Codec codec;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private boolean hasLogAppendTime;
    private long logAppendTime;
    private long producerId = -1;
    private short producerEpoch = -1;
    private int baseSequence = -1;
    private boolean transactional;
    private boolean control;
    private int partitionLeaderEpoch = -1;
    private boolean hasDeleteHorizon;
    private long deleteHorizon;
    private float compressionRatioEstimate = 1.0f;
    private int initialCapacity = DEFAULT_INITIAL_CAPACITY;

    private GrowableBuffer out;
    /** Whether {@link #out}'s array came from {@link RecordArrays}, so may be much larger than asked. */
    private boolean pooledRecords;
    private RecordWriter writer;
    private int recordCount;
    private int recordBytes;
    private int lastOffsetDelta = -1;
    private long baseTimestamp;
    private long maxTimestamp = Long.MIN_VALUE;
    private ByteBuffer built;

    /** A builder for a batch whose first record gets {@code baseOffset}; uncompressed, CreateTime, no producer. */
    public RecordBatchBuilder(long baseOffset) {
        this.baseOffset = baseOffset;
    }

    /** Compresses the records with {@code codec}; a NONE codec means uncompressed. */
    public RecordBatchBuilder compression(Codec codec) {
        ensureOpen();
        this.codec = codec.type() == CompressionType.NONE ? null : codec;
        return this;
    }

    /** Compresses the records with the codec's default level. */
    public RecordBatchBuilder compression(CompressionType type) {
        return compression(Codec.of(type));
    }

    /**
     * Compresses the records at the given codec level.
     *
     * @throws io.petrel.compression.CompressionException when the codec has no such level
     */
    public RecordBatchBuilder compression(CompressionType type, int level) {
        return compression(Codec.of(type, level));
    }

    /** The batch's compression. */
    public CompressionType compressionType() {
        return codec == null ? CompressionType.NONE : codec.type();
    }

    /**
     * Sets the timestamp type. For {@link TimestampType#LOG_APPEND_TIME} without {@link #logAppendTime(long)},
     * maxTimestamp is the greatest record timestamp.
     */
    public RecordBatchBuilder timestampType(TimestampType type) {
        ensureOpen();
        this.timestampType = type;
        return this;
    }

    /** Makes the batch {@link TimestampType#LOG_APPEND_TIME} with this time as its maxTimestamp. */
    public RecordBatchBuilder logAppendTime(long time) {
        timestampType(TimestampType.LOG_APPEND_TIME);
        this.hasLogAppendTime = true;
        this.logAppendTime = time;
        return this;
    }

    /** Sets the idempotent producer's id, epoch and the first record's sequence; -1 each means none. */
    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        ensureOpen();
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    /** Marks the batch as part of a transaction. */
    public RecordBatchBuilder transactional(boolean transactional) {
        ensureOpen();
        this.transactional = transactional;
        return this;
    }

    /** Marks the batch as a control batch; only {@link #appendControl} may add to one. */
    public RecordBatchBuilder control(boolean control) {
        ensureOpen();
        if (recordCount > 0 && control != this.control) {
            throw new IllegalStateException("A batch with records cannot switch between control and data");
        }
        this.control = control;
        return this;
    }

    /** Sets partitionLeaderEpoch; -1 by default. */
    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        ensureOpen();
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    /**
     * Sets the delete horizon, which becomes baseTimestamp, as log compaction does. Must come before the
     * first record, whose timestamp delta is written against it.
     */
    public RecordBatchBuilder deleteHorizon(long deleteHorizonMs) {
        ensureOpen();
        if (recordCount > 0) {
            throw new IllegalStateException("The delete horizon must be set before the first record");
        }
        this.hasDeleteHorizon = true;
        this.deleteHorizon = deleteHorizonMs;
        return this;
    }

    /** The expected compressed size over uncompressed size, for {@link #estimatedSizeInBytes()}; 1.0 by default. */
    public RecordBatchBuilder compressionRatioEstimate(float ratio) {
        if (!(ratio > 0)) {
            throw new IllegalArgumentException("compression ratio estimate must be positive, got " + ratio);
        }
        this.compressionRatioEstimate = ratio;
        return this;
    }

    /** The buffer size to start with, header included; set it before the first record (batch.size is a good value). */
    public RecordBatchBuilder initialCapacity(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("initial capacity must not be negative, got " + bytes);
        }
        this.initialCapacity = bytes;
        return this;
    }

    /** Appends a record without headers at the next offset; key and value may be null. Returns its offset. */
    public long append(long timestamp, byte[] key, byte[] value) {
        return append(timestamp, key, value, null);
    }

    /** Appends a record at the next offset; key, value and headers may be null. Returns its offset. */
    public long append(long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {
        if (control) {
            throw new IllegalStateException("A control batch takes only control records");
        }
        long offset = baseOffset + lastOffsetDelta + 1;
        int offsetDelta = startRecord(offset, timestamp);
        recordBytes += writer.write(timestamp - baseTimestamp, offsetDelta, key, value, headers);
        endRecord(offsetDelta, timestamp);
        return offset;
    }

    /**
     * Appends a record at the next offset; key, value and headers may be null. The bytes between each
     * buffer's position and limit are copied; the positions do not move. Returns the record's offset.
     *
     * @throws IllegalArgumentException for a timestamp below -1
     * @throws IllegalStateException    when the batch is built or is a control batch
     */
    public long append(long timestamp, ByteBuffer key, ByteBuffer value, List<RecordHeader> headers) {
        return appendWithOffset(baseOffset + lastOffsetDelta + 1, timestamp, key, value, headers);
    }

    /**
     * Appends a record at a given offset, above the last one's and within 2^31-1 of baseOffset (gaps are
     * allowed, as after compaction). Returns the offset.
     */
    public long appendWithOffset(long offset, long timestamp, ByteBuffer key, ByteBuffer value,
                                 List<RecordHeader> headers) {
        if (control) {
            throw new IllegalStateException("A control batch takes only control records");
        }
        return appendRecord(offset, timestamp, key, value, headers);
    }

    /** Appends a control record of this type, with the given value, to a control batch. Returns its offset. */
    public long appendControl(long timestamp, ControlRecordType type, ByteBuffer value) {
        if (!control) {
            throw new IllegalStateException("Control records go only in a control batch; call control(true) first");
        }
        return appendRecord(baseOffset + lastOffsetDelta + 1, timestamp, type.encodeKey(), value, null);
    }

    /** Appends a commit or abort marker to a control batch. Returns its offset. */
    public long appendTransactionMarker(long timestamp, TransactionMarker marker) {
        return appendControl(timestamp, marker.type(), marker.encodeValue());
    }

    /**
     * Whether a record would keep the batch within {@code maxBatchBytes}, by {@link #estimatedSizeInBytes()}.
     * An empty builder always has room, so a record larger than the limit still gets a batch of its own.
     */
    public boolean hasRoomFor(long timestamp, byte[] key, byte[] value, List<RecordHeader> headers, int maxBatchBytes) {
        return hasRoomFor(timestamp, key == null ? -1 : key.length, value == null ? -1 : value.length, headers,
                maxBatchBytes);
    }

    /** As {@link #hasRoomFor(long, byte[], byte[], List, int)}, for buffers (their remaining bytes). */
    public boolean hasRoomFor(long timestamp, ByteBuffer key, ByteBuffer value, List<RecordHeader> headers,
                              int maxBatchBytes) {
        return hasRoomFor(timestamp, key == null ? -1 : key.remaining(), value == null ? -1 : value.remaining(),
                headers, maxBatchBytes);
    }

    private boolean hasRoomFor(long timestamp, int keySize, int valueSize, List<RecordHeader> headers,
                               int maxBatchBytes) {
        if (recordCount == 0) {
            return true;
        }
        int size = RecordWriter.sizeInBytes(timestamp - baseTimestamp, lastOffsetDelta + 1, keySize, valueSize,
                headers);
        return estimatedSizeInBytes() + scaled(size) <= maxBatchBytes;
    }

    /**
     * The batch's size as it stands: exact when uncompressed or built; when compressed and not yet
     * built, the records' size times the compression ratio estimate, with a small margin.
     */
    public int estimatedSizeInBytes() {
        if (built != null) {
            return built.limit();
        }
        return RecordBatch.HEADER_SIZE + (int) Math.min(Integer.MAX_VALUE, scaled(uncompressedRecordBytes()));
    }

    /** The records appended so far. */
    public int recordCount() {
        return recordCount;
    }

    /** The bytes of the records appended so far, before compression. */
    public int uncompressedRecordBytes() {
        return recordBytes;
    }

    /**
     * After {@link #build()}: the compressed records' size over their uncompressed size, to feed the next
     * batch's {@link #compressionRatioEstimate(float)}. Before: the estimate in use.
     */
    public float compressionRatio() {
        if (built == null) {
            return compressionRatioEstimate;
        }
        return (float) (built.limit() - RecordBatch.HEADER_SIZE) / uncompressedRecordBytes();
    }

    /** Whether {@link #build()} has been called. */
    public boolean isBuilt() {
        return built != null;
    }

    /**
     * Finishes the batch: writes the header and CRC and, if compressed, compresses the records. Returns
     * the batch, position 0 and limit its size; calling again returns the same bytes.
     *
     * @throws IllegalStateException when no record was appended
     */
    public ByteBuffer build() {
        if (built == null) {
            if (recordCount == 0) {
                throw new IllegalStateException("A record batch needs at least one record");
            }
            ByteBuffer batch = codec == null ? uncompressedBatch() : compressedBatch();
            writeHeader(batch);
            BatchFormat.writeCrc(batch);
            built = batch;
        }
        return built.duplicate();
    }

    private long appendRecord(long offset, long timestamp, ByteBuffer key, ByteBuffer value,
                              List<RecordHeader> headers) {
        int offsetDelta = startRecord(offset, timestamp);
        recordBytes += writer.write(timestamp - baseTimestamp, offsetDelta, key, value, headers);
        endRecord(offsetDelta, timestamp);
        return offset;
    }

    /** The checks before a record is written, and the buffer on the first one; returns its offset delta. */
    private int startRecord(long offset, long timestamp) {
        ensureOpen();
        int offsetDelta = offsetDelta(offset);
        if (timestamp < -1) {
            throw new IllegalArgumentException("Record timestamp is " + timestamp + ", expected -1 (none) or more");
        }
        if (recordCount == 0) {
            start(timestamp);
        }
        return offsetDelta;
    }

    private void endRecord(int offsetDelta, long timestamp) {
        recordCount++;
        lastOffsetDelta = offsetDelta;
        maxTimestamp = Math.max(maxTimestamp, timestamp);
    }

    private int offsetDelta(long offset) {
        long delta = offset - baseOffset;
        if (delta <= lastOffsetDelta || delta > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Record offset " + offset + " must be above the last one ("
                    + (baseOffset + lastOffsetDelta) + ") and at most baseOffset + " + Integer.MAX_VALUE);
        }
        return (int) delta;
    }

    private void start(long firstTimestamp) {
        baseTimestamp = hasDeleteHorizon ? deleteHorizon : firstTimestamp;
        int capacity = Math.max(initialCapacity, RecordBatch.HEADER_SIZE + 64);
        // A compressed batch's records are only a staging area, so they may go into a recycled array.
        byte[] pooled = codec == null ? null : RecordArrays.take(capacity);
        pooledRecords = pooled != null;
        out = pooled != null ? new GrowableBuffer(pooled) : new GrowableBuffer(capacity);
        out.position(RecordBatch.HEADER_SIZE);
        writer = new RecordWriter(out);
    }

    private ByteBuffer uncompressedBatch() {
        ByteBuffer batch = out.toBuffer();
        if (pooledRecords && batch.capacity() > 2 * batch.limit()) {
            // Compression was switched off after a recycled array was taken: do not hand out all of it.
            batch = ByteBuffer.wrap(Arrays.copyOf(batch.array(), batch.limit()));
        }
        out = null;
        writer = null;
        return batch;
    }

    /**
     * Streams the encoded records through the codec straight into the batch's buffer, after room for
     * the header; the buffer is sized from the ratio estimate, and copied to its exact size only when
     * the estimate left more than half of it unused.
     */
    private ByteBuffer compressedBatch() {
        int expected = (int) Math.min(Integer.MAX_VALUE - 1024, scaled(recordBytes));
        GrowableBuffer batch = new GrowableBuffer(RecordBatch.HEADER_SIZE + expected + 64);
        batch.position(RecordBatch.HEADER_SIZE);
        byte[] records = out.array();
        try (OutputStream compressor = codec.compressingStream(batch.asOutputStream())) {
            compressor.write(records, RecordBatch.HEADER_SIZE, recordBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("The " + compressionType().configName() + " codec failed in memory", e);
        }
        // The records are compressed and no longer needed: their array can serve the next builder.
        out = null;
        writer = null;
        RecordArrays.give(records);
        ByteBuffer compressed = batch.toBuffer();
        if (compressed.capacity() <= 2 * compressed.limit()) {
            return compressed;
        }
        return ByteBuffer.allocate(compressed.limit()).put(compressed).flip();
    }

    private void writeHeader(ByteBuffer batch) {
        batch.putLong(BatchFormat.BASE_OFFSET, baseOffset);
        batch.putInt(BatchFormat.BATCH_LENGTH, batch.limit() - BatchFormat.LOG_OVERHEAD);
        batch.putInt(BatchFormat.PARTITION_LEADER_EPOCH, partitionLeaderEpoch);
        batch.put(BatchFormat.MAGIC, RecordBatch.MAGIC);
        batch.putShort(BatchFormat.ATTRIBUTES, attributes());
        batch.putInt(BatchFormat.LAST_OFFSET_DELTA, lastOffsetDelta);
        batch.putLong(BatchFormat.BASE_TIMESTAMP, baseTimestamp);
        batch.putLong(BatchFormat.MAX_TIMESTAMP, hasLogAppendTime && isLogAppendTime() ? logAppendTime : maxTimestamp);
        batch.putLong(BatchFormat.PRODUCER_ID, producerId);
        batch.putShort(BatchFormat.PRODUCER_EPOCH, producerEpoch);
        batch.putInt(BatchFormat.BASE_SEQUENCE, baseSequence);
        batch.putInt(BatchFormat.RECORD_COUNT, recordCount);
    }

    private short attributes() {
        int attributes = compressionType().id();
        attributes |= isLogAppendTime() ? BatchFormat.TIMESTAMP_TYPE_BIT : 0;
        attributes |= transactional ? BatchFormat.TRANSACTIONAL_BIT : 0;
        attributes |= control ? BatchFormat.CONTROL_BIT : 0;
        attributes |= hasDeleteHorizon ? BatchFormat.DELETE_HORIZON_BIT : 0;
        return (short) attributes;
    }

    private boolean isLogAppendTime() {
        return timestampType == TimestampType.LOG_APPEND_TIME;
    }

    private long scaled(long uncompressedBytes) {
        if (codec == null) {
            return uncompressedBytes;
        }
        return (long) Math.ceil(uncompressedBytes * (double) compressionRatioEstimate * ESTIMATE_MARGIN);
    }

    private void ensureOpen() {
        if (built != null) {
            throw new IllegalStateException("The batch is already built");
        }
    }
}
