package io.petrel.protocol.record;

import io.petrel.compression.Codec;
import io.petrel.compression.CompressionType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Encodes one record batch v2: set the batch's fields, append records, then {@link #build()}.
 *
 * <p>How it works: records are encoded as they are appended, by {@link RecordWriter}, into one growing
 * heap buffer whose first {@value RecordBatch#HEADER_SIZE} bytes are kept free for the header. Every
 * header field is written only by {@link #build()}, so producer id, epoch, sequence, leader epoch and
 * compression may still change after the records are in (a producer assigns sequences when it drains a
 * batch). Uncompressed, build() fills in the header in place and the buffer is the batch, with no copy.
 * Compressed, build() (or {@link #finishRecords()}, earlier and on another thread if the caller likes)
 * hands all the encoded records to the codec at once ({@link Codec#compress(byte[], int, int, OutputStream)}:
 * zstd then compresses them in one native call, and LZ4 compresses whole blocks where they lie), and the
 * frame goes straight into the batch's buffer after room for the header, so it is not copied again; no
 * codec state is held while records are appended, so an abandoned builder leaks nothing. A caller that
 * appends on one thread and builds on a busier one (a producer) may instead compress chunk by chunk as
 * records arrive ({@link #compressWhileAppending(int)}), at the price of holding the codec open and of
 * {@link #discard()} for a builder it gives up. The records of
 * a compressed batch are only staged, so their array comes from and goes back to a small pool
 * ({@link RecordArrays}), sparing each builder the allocation and growth. A caller that recycles its
 * batches' arrays hands one in with {@link #buffer(byte[])}. The CRC is computed last.
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
    /** The caller's array to build the batch in, or null to allocate one. */
    private byte[] batchArray;
    /** With {@link #compressWhileAppending(int)}: encoded bytes handed to the codec at a time; 0 when off. */
    private int streamChunk;
    /** The codec's stream while records are compressed as they come, until build() or discard(). */
    private OutputStream compressor;
    /** Where {@link #compressor} writes: the batch, after room for the header. */
    private GrowableBuffer compressedOut;
    /** The compressed records once {@link #finishRecords()} compressed them; build() adds the header. */
    private ByteBuffer finishedRecords;
    private boolean recordsClosed;
    private boolean discarded;

    private GrowableBuffer out;
    /** Whether {@link #out}'s array came from {@link RecordArrays}, so may be much larger than asked. */
    private boolean pooledRecords;
    private RecordWriter writer;
    private int recordCount;
    private int recordBytes;
    private int lastOffsetDelta = -1;
    /** The last offset the header claims when above the last record's (compaction keeps a batch's span); -1: none. */
    private long lastOffsetOverride = -1;
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
        if (compressor != null || finishedRecords != null) {
            throw new IllegalStateException("The records are already being compressed with "
                    + compressionType().configName() + " (compressWhileAppending): the codec cannot change");
        }
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

    /**
     * Makes the header claim {@code lastOffset} as the batch's last offset even when the last record appended
     * has a lower one: log compaction keeps each batch's offset span (so a producer's last sequence, which is
     * baseSequence plus lastOffsetDelta, survives the removal of its records).
     */
    public RecordBatchBuilder lastOffset(long lastOffset) {
        ensureOpen();
        if (lastOffset < baseOffset || lastOffset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Last offset " + lastOffset + " must be within baseOffset "
                    + baseOffset + " and baseOffset + " + Integer.MAX_VALUE);
        }
        this.lastOffsetOverride = lastOffset;
        return this;
    }

    /**
     * A batch with no records spanning {@code baseOffset} to {@code lastOffset}, as log compaction leaves for an
     * idempotent producer's last batch whose records were all removed: it keeps the producer's id, epoch and
     * sequence range in the log. Uncompressed; baseTimestamp -1 and maxTimestamp {@code timestamp}, as Kafka writes it.
     */
    public static ByteBuffer emptyBatch(long baseOffset, long lastOffset, int partitionLeaderEpoch, long producerId,
                                        short producerEpoch, int baseSequence, TimestampType timestampType,
                                        long timestamp, boolean transactional, boolean control) {
        if (lastOffset < baseOffset || lastOffset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Last offset " + lastOffset + " must be within baseOffset "
                    + baseOffset + " and baseOffset + " + Integer.MAX_VALUE);
        }
        ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        int attributes = (timestampType == TimestampType.LOG_APPEND_TIME ? BatchFormat.TIMESTAMP_TYPE_BIT : 0)
                | (transactional ? BatchFormat.TRANSACTIONAL_BIT : 0) | (control ? BatchFormat.CONTROL_BIT : 0);
        batch.putLong(BatchFormat.BASE_OFFSET, baseOffset);
        batch.putInt(BatchFormat.BATCH_LENGTH, RecordBatch.HEADER_SIZE - BatchFormat.LOG_OVERHEAD);
        batch.putInt(BatchFormat.PARTITION_LEADER_EPOCH, partitionLeaderEpoch);
        batch.put(BatchFormat.MAGIC, RecordBatch.MAGIC);
        batch.putShort(BatchFormat.ATTRIBUTES, (short) attributes);
        batch.putInt(BatchFormat.LAST_OFFSET_DELTA, (int) (lastOffset - baseOffset));
        // As Kafka writes an empty header: no base timestamp, the removed records' greatest as maxTimestamp.
        batch.putLong(BatchFormat.BASE_TIMESTAMP, -1L);
        batch.putLong(BatchFormat.MAX_TIMESTAMP, timestamp);
        batch.putLong(BatchFormat.PRODUCER_ID, producerId);
        batch.putShort(BatchFormat.PRODUCER_EPOCH, producerEpoch);
        batch.putInt(BatchFormat.BASE_SEQUENCE, baseSequence);
        batch.putInt(BatchFormat.RECORD_COUNT, 0);
        BatchFormat.writeCrc(batch);
        return batch;
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

    /**
     * Builds the batch in {@code array} (whatever it holds is overwritten) instead of a new one: the
     * records' when uncompressed, the compressed batch's otherwise. A batch that outgrows it moves to a
     * larger array, so after {@link #build()} the batch's {@code array()} is the caller's only if it fit;
     * a caller that recycles arrays (a producer's batch-sized ones) checks that before reusing it. Set it
     * before the first record.
     */
    public RecordBatchBuilder buffer(byte[] array) {
        ensureOpen();
        if (recordCount > 0) {
            throw new IllegalStateException("The buffer must be given before the first record");
        }
        this.batchArray = Objects.requireNonNull(array, "array");
        return this;
    }

    /**
     * Compresses the records while they are appended instead of all at once in {@link #build()}: each
     * time {@code chunkBytes} of encoded records have gathered they go through the codec, which is then
     * flushed (for LZ4 that ends a block, so the block is compressed there and then). build() is left
     * with the last chunk and the frame's end, which matters when build() runs on a busier thread than
     * append() (a producer's sender). The frame stays valid and readable by any Kafka client; its blocks
     * are simply no larger than {@code chunkBytes}.
     *
     * <p>From the first record on the codec is fixed, and it holds state (zstd's is native memory) until
     * {@link #build()}; a builder that will not be built must be {@link #discard() discarded}. Without
     * compression this has no effect. Set it before the first record.
     *
     * @throws IllegalArgumentException for a chunk below 1 KiB
     */
    public RecordBatchBuilder compressWhileAppending(int chunkBytes) {
        ensureOpen();
        if (recordCount > 0) {
            throw new IllegalStateException("compressWhileAppending must be set before the first record");
        }
        if (chunkBytes < 1024) {
            throw new IllegalArgumentException("chunk must be at least 1024 bytes, got " + chunkBytes);
        }
        this.streamChunk = chunkBytes;
        return this;
    }

    /**
     * Declares that no more records come. A compressed batch is compressed now, on the calling thread:
     * with {@link #compressWhileAppending} what is still staged goes through the codec and the frame
     * ends, otherwise all the records go through the codec in one write, as build() would do it. Either
     * way the staging array and the codec are let go, so a batch waiting to be sent holds only its
     * compressed bytes, and build() then only writes the header and CRC; a producer calls this when a
     * batch fills, so the compression runs on the appending thread, not on its sender. An uncompressed
     * batch is only closed to records. Calling it again has no effect.
     */
    public void finishRecords() {
        if (recordsClosed || built != null || discarded) {
            return;
        }
        recordsClosed = true;
        if (compressor != null) {
            finishedRecords = streamedBatch();
        } else if (codec != null && recordCount > 0) {
            finishedRecords = compressedBatch();
        }
    }

    /**
     * Gives up a builder that will not be built, releasing what its codec holds (see
     * {@link #compressWhileAppending}). The builder cannot be used afterwards. Harmless when there is
     * nothing to release, or after build().
     */
    public void discard() {
        if (built != null || discarded) {
            return;
        }
        discarded = true;
        finishedRecords = null;
        OutputStream open = compressor;
        compressor = null;
        out = null;
        writer = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                throw new UncheckedIOException("The " + compressionType().configName() + " codec failed in memory", e);
            }
        }
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
     * built, the records' size times the compression ratio estimate, with a small margin (with
     * {@link #compressWhileAppending}, only the records not yet compressed are estimated).
     */
    public int estimatedSizeInBytes() {
        if (built != null) {
            return built.limit();
        }
        if (finishedRecords != null) {
            return finishedRecords.limit();
        }
        if (compressor != null) {
            // Flushed chunks are compressed already: only the staged records are estimated.
            long staged = scaled(out.position() - RecordBatch.HEADER_SIZE);
            return (int) Math.min(Integer.MAX_VALUE, compressedOut.position() + staged);
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
            if (discarded) {
                throw new IllegalStateException("The builder was discarded");
            }
            if (recordCount == 0) {
                throw new IllegalStateException("A record batch needs at least one record");
            }
            ByteBuffer batch = finishedRecords != null ? finishedRecords
                    : codec == null ? uncompressedBatch()
                    : compressor != null ? streamedBatch() : compressedBatch();
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
        if (recordsClosed) {
            throw new IllegalStateException("finishRecords() was called: the batch takes no more records");
        }
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
        if (compressor != null && out.position() - RecordBatch.HEADER_SIZE >= streamChunk) {
            compressStaged(true);
        }
    }

    /**
     * Hands staged records to the codec. Mid-batch ({@code chunkOnly}) only whole chunks go, each
     * followed by a flush, and the rest stays staged, so the codec's buffers never grow past one chunk;
     * at the end everything goes.
     */
    private void compressStaged(boolean chunkOnly) {
        byte[] staging = out.array();
        int staged = out.position() - RecordBatch.HEADER_SIZE;
        int written = 0;
        try {
            if (chunkOnly) {
                for (; staged - written >= streamChunk; written += streamChunk) {
                    compressor.write(staging, RecordBatch.HEADER_SIZE + written, streamChunk);
                    compressor.flush();
                }
            } else if (staged > 0) {
                compressor.write(staging, RecordBatch.HEADER_SIZE, staged);
                written = staged;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The " + compressionType().configName() + " codec failed in memory", e);
        }
        int rest = staged - written;
        System.arraycopy(staging, RecordBatch.HEADER_SIZE + written, staging, RecordBatch.HEADER_SIZE, rest);
        out.position(RecordBatch.HEADER_SIZE + rest);
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
        if (codec != null && streamChunk > 0) {
            startStreaming();
            return;
        }
        int capacity = Math.max(initialCapacity, RecordBatch.HEADER_SIZE + 64);
        // A compressed batch's records are only a staging area, so they may go into a recycled array.
        byte[] pooled = codec == null ? null : RecordArrays.take(capacity);
        pooledRecords = pooled != null;
        if (pooled != null) {
            out = new GrowableBuffer(pooled);
        } else if (codec == null && batchArray != null && batchArray.length >= RecordBatch.HEADER_SIZE) {
            out = new GrowableBuffer(batchArray);
        } else {
            out = new GrowableBuffer(capacity);
        }
        out.position(RecordBatch.HEADER_SIZE);
        writer = new RecordWriter(out);
    }

    /**
     * Opens the codec's stream over the batch's buffer, and stages records in a small array that is
     * emptied into the codec every chunk: the records never exist all at once uncompressed.
     */
    private void startStreaming() {
        int capacity = Math.max(initialCapacity, RecordBatch.HEADER_SIZE + 64);
        compressedOut = batchArray != null && batchArray.length >= RecordBatch.HEADER_SIZE
                ? new GrowableBuffer(batchArray) : new GrowableBuffer(capacity);
        compressedOut.position(RecordBatch.HEADER_SIZE);
        compressor = codec.compressingStream(compressedOut.asOutputStream());
        int staging = RecordBatch.HEADER_SIZE + streamChunk + 1024;
        byte[] pooled = RecordArrays.take(staging);
        pooledRecords = pooled != null;
        out = pooled != null ? new GrowableBuffer(pooled) : new GrowableBuffer(staging);
        out.position(RecordBatch.HEADER_SIZE);
        writer = new RecordWriter(out);
    }

    /** Compresses the last staged records and ends the frame begun by {@link #startStreaming()}. */
    private ByteBuffer streamedBatch() {
        compressStaged(false);
        try {
            compressor.close();
        } catch (IOException e) {
            throw new UncheckedIOException("The " + compressionType().configName() + " codec failed in memory", e);
        }
        // The staging array never leaves the builder, so it serves the next one whether or not it came from the
        // pool (giving back only pooled ones left the pool empty for good once it missed).
        RecordArrays.give(out.array());
        compressor = null;
        out = null;
        writer = null;
        return compressedOut.toBuffer();
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
     * Compresses the encoded records, all at once, straight into the batch's buffer, after room for
     * the header; the buffer is sized from the ratio estimate, and copied to its exact size only when
     * the estimate left more than half of it unused.
     */
    private ByteBuffer compressedBatch() {
        int expected = (int) Math.min(Integer.MAX_VALUE - 1024, scaled(recordBytes));
        int capacity = RecordBatch.HEADER_SIZE + expected + 64;
        boolean callers = batchArray != null && batchArray.length >= RecordBatch.HEADER_SIZE;
        GrowableBuffer batch = callers ? new GrowableBuffer(batchArray) : new GrowableBuffer(capacity);
        batch.position(RecordBatch.HEADER_SIZE);
        byte[] records = out.array();
        try {
            codec.compress(records, RecordBatch.HEADER_SIZE, recordBytes, batch.asOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("The " + compressionType().configName() + " codec failed in memory", e);
        }
        // The records are compressed and no longer needed: their array can serve the next builder.
        out = null;
        writer = null;
        RecordArrays.give(records);
        ByteBuffer compressed = batch.toBuffer();
        if (callers || compressed.capacity() <= 2 * compressed.limit()) {
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
        batch.putInt(BatchFormat.LAST_OFFSET_DELTA,
                lastOffsetOverride > baseOffset + lastOffsetDelta ? (int) (lastOffsetOverride - baseOffset)
                        : lastOffsetDelta);
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
        if (discarded) {
            throw new IllegalStateException("The builder was discarded");
        }
    }
}
