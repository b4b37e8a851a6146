package io.petrel.producer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The records of one partition that travel together as one record batch, and their completions.
 *
 * <p>Life: opened by the accumulator, appended to under its partition's lock until full or drained;
 * then owned by the sender thread alone, which gives it a sequence (idempotence), builds it (a batch
 * that filled up was compressed already, on the appending thread; one drained before it filled is
 * compressed here), sends it, maybe re-queues it for a retry with
 * the same bytes and sequence, and finally completes every record: offset = base offset + index. It is
 * built in a batch-sized array from {@link BatchArrays}, given back once the batch is acknowledged.
 * A batch the broker refused as too large ({@link #split}) hands its records, completions, memory and
 * sequences on to smaller batches and completes nothing itself.
 */
final class ProducerBatch {
    private static final Logger log = LoggerFactory.getLogger(ProducerBatch.class);
    /**
     * LZ4 batches are compressed 32 KiB at a time as records are appended, on the caller's thread, and
     * finished when the batch closes (see {@link #close}): LZ4 frames are independent blocks anyway, and
     * a block of half the 64 KiB maximum costs little ratio. gzip and zstd would lose more on each flush,
     * so they compress the whole batch at once when it closes, which is on the caller's thread when it
     * fills (as kafka-clients does). Either way the sender compresses only a batch that lingered out.
     */
    private static final int LZ4_CHUNK = 32 * 1024;

    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(ProducerBatch.class, "done", CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long number;
    private final TopicPartition partition;
    private final RecordBatchBuilder builder;
    /** Sized on the first record for the records batch.size should hold, so it rarely grows. */
    private RecordCompletion[] completions;
    /** Each record's create time and sizes for its RecordMetadata; made with the completions array. */
    private BatchRecordFacts facts;
    private int recordCount;
    private final BatchArrays arrays;
    private final long createdNanos;
    private final int batchSize;
    private final float compressionRatio;
    /**
     * Made only when flush() or close() waits for the batch ({@link #done}): completing a future that nobody waits
     * for still cost an allocation per batch, and its inlined completion code recompiled {@link #succeed} each time a
     * flush's waiter (a dependent of another class) appeared (4-6 C2 compiles of it per producer JVM).
     */
    private volatile CompletableFuture<Void> done;
    /** Set once every record is completed, either way; read with {@link #done} so a waiter is never missed. */
    private volatile boolean finished;
    private long reservedBytes;
    /** The largest record's upper-bound size: the record-size metrics', as kafka-clients' batches keep it. */
    private int maxRecordSize;
    /** No more records: set under the partition's lock. */
    private boolean full;
    /** The builder's records are finished (compressed); guarded by this batch's monitor, as the builder after it. */
    private boolean recordsFinished;
    private ByteBuffer built;
    private int attempts;
    private long retryAtNanos;
    private long producerId = -1;
    private short producerEpoch = -1;
    private int baseSequence = -1;
    /** Made by {@link #split}: its partition sends one batch at a time until it has gone. */
    private boolean splitPart;

    ProducerBatch(long number, TopicPartition partition, CompressionType compression, int level,
                  float compressionRatio, int batchSize, long createdNanos, BatchArrays arrays, boolean transactional) {
        this.number = number;
        this.arrays = arrays;
        this.partition = partition;
        this.batchSize = batchSize;
        this.compressionRatio = compressionRatio;
        this.createdNanos = createdNanos;
        this.builder = new RecordBatchBuilder(0L)
                .compression(compression, level)
                .compressionRatioEstimate(compressionRatio)
                .initialCapacity(arrays.arraySize())
                .transactional(transactional)
                .buffer(arrays.take());
        if (compression == CompressionType.LZ4) {
            builder.compressWhileAppending(LZ4_CHUNK);
        }
    }

    /**
     * Appends the record if it keeps the batch within batch.size (an empty batch takes any record).
     * Returns false, and marks the batch full, when it does not fit. Takes the record's parts rather than a
     * {@link SerializedRecord} so that send() builds no object per record on its way here.
     *
     * @param sizeInBytes the record's upper-bound size, what buffer.memory was charged for it
     */
    boolean tryAppend(long timestamp, byte[] key, byte[] value, List<RecordHeader> headers, int sizeInBytes,
                      RecordCompletion completion) {
        if (full || !builder.hasRoomFor(timestamp, key, value, headers, batchSize)) {
            full = true;
            return false;
        }
        builder.append(timestamp, key, value, headers);
        if (completions == null) {
            int expected = expectedRecords(sizeInBytes);
            completions = new RecordCompletion[expected];
            facts = new BatchRecordFacts(expected);
        } else if (recordCount == completions.length) {
            completions = Arrays.copyOf(completions, 2 * recordCount);
        }
        completions[recordCount++] = completion;
        facts.add(timestamp, SerializedRecord.sizeOf(key), SerializedRecord.sizeOf(value));
        reservedBytes += sizeInBytes;
        maxRecordSize = Math.max(maxRecordSize, sizeInBytes);
        if (builder.estimatedSizeInBytes() >= batchSize) {
            full = true;
        }
        return true;
    }

    /** How many records like this one batch.size holds: its value and key plus a few bytes of framing each. */
    private int expectedRecords(int sizeInBytes) {
        int encoded = Math.max(16, sizeInBytes - SerializedRecord.MAX_RECORD_OVERHEAD + 8);
        double fit = batchSize / (encoded * (double) compressionRatio);
        return (int) Math.max(16, Math.min(1 << 16, fit + 16));
    }

    /**
     * No more records go in (under the partition's lock, as appends), and the records are finished: compressed
     * (LZ4: finished), so while it waits for the sender it holds only its compressed bytes.
     */
    void close() {
        full = true;
        finishRecords();
    }

    /**
     * Compresses the records of a batch that takes no more ({@link #isFull}), once. The appending thread calls it
     * for a batch it filled after leaving the partition's lock, so the sender's passes, which look at the
     * partition's head under that lock, do not wait ~100-200 us for zstd on 64 KB; a sender that takes this very
     * batch meanwhile waits here for it instead.
     */
    synchronized void finishRecords() {
        if (!recordsFinished) {
            recordsFinished = true;
            builder.finishRecords();
        }
    }

    boolean isFull() {
        return full;
    }

    /** Stamps the idempotent producer's id, epoch and the batch's first sequence. */
    synchronized void setProducerState(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        if (built == null) {
            builder.producer(producerId, producerEpoch, baseSequence);
        } else {
            BatchHeaderRewrite.producerState(built, producerId, producerEpoch, baseSequence);
        }
    }

    /** The batch's bytes; built (and compressed) on first call, the same bytes on retries. */
    synchronized ByteBuffer buffer() {
        if (built == null) {
            built = builder.build();
        }
        return built.duplicate();
    }

    boolean isBuilt() {
        return built != null;
    }

    boolean hasSequence() {
        return baseSequence >= 0;
    }

    /** Whether the batch carries this producer id and epoch (false after an epoch bump re-sequenced others). */
    boolean hasProducer(long id, short epoch) {
        return producerId == id && producerEpoch == epoch;
    }

    int baseSequence() {
        return baseSequence;
    }

    int lastSequence() {
        return baseSequence + recordCount() - 1;
    }

    /**
     * Completes every record; offsets follow the base offset in append order. The batch's array goes
     * back to the pool: an acknowledged batch's request was written, so nothing reads it any more.
     */
    void succeed(long baseOffset, long logAppendTime) {
        String topic = partition.topic();
        int partitionNumber = partition.partition();
        RecordCompletion[] records = completions;
        if (records == null) {
            return;
        }
        BatchRecordFacts recordFacts = facts;
        for (int i = 0; i < recordCount; i++) {
            records[i].succeed(topic, partitionNumber, baseOffset < 0 ? -1 : baseOffset + i,
                    logAppendTime >= 0 ? logAppendTime : recordFacts.timestamp(i), recordFacts.keySize(i),
                    recordFacts.valueSize(i));
        }
        completions = null;
        facts = null;
        if (built != null && built.hasArray()) {
            arrays.give(built.array());
        }
        finish();
    }

    /**
     * Fails every record with {@code error}. The array is not reused: a request that failed may not
     * have been written yet.
     */
    void fail(Exception error) {
        RecordCompletion[] records = completions;
        if (records == null) {
            return;
        }
        BatchRecordFacts recordFacts = facts;
        for (int i = 0; i < recordCount; i++) {
            records[i].fail(partition.topic(), partition.partition(), recordFacts.keySize(i), recordFacts.valueSize(i),
                    error);
        }
        completions = null;
        facts = null;
        if (built == null) {
            discardBuilder();
        }
        finish();
    }

    /** Releases the codec of a batch that will never be built; its records are failed already. */
    private synchronized void discardBuilder() {
        try {
            builder.discard();
        } catch (RuntimeException e) {
            log.warn("Releasing the compression of failed batch {} failed", this, e);
        }
    }

    /**
     * Moves the records of this batch, refused by the broker as too large, into new batches from {@code newBatch} of
     * at most half of them each (fewer when one fills up), in order: each record keeps its completion, what it was
     * charged to buffer.memory and, with idempotence, its sequence, so a broker that knows the first sequence
     * takes the parts as the batch's next sequences. Halving, repeated on a part the broker refuses again, reaches
     * batches the broker takes or a single record, which then fails on its own. This batch is left empty: it
     * completes nothing and releases nothing, and is done once every part is.
     *
     * @param newBatch empty batches of this partition, created when this one was (delivery.timeout.ms counts from
     *                 then) and ordered where it was
     */
    List<ProducerBatch> split(Supplier<ProducerBatch> newBatch) {
        ByteBuffer bytes = buffer();
        int perPart = (recordCount + 1) / 2;
        List<ProducerBatch> parts = new ArrayList<>();
        ProducerBatch part = null;
        long charged = 0;
        int index = 0;
        for (Record record : RecordBatch.wrap(bytes).records(decompressionBound())) {
            byte[] key = record.keyBytes();
            byte[] value = record.valueBytes();
            List<RecordHeader> headers = record.headerCount() == 0 ? null : List.copyOf(record.headers());
            int size = SerializedRecord.sizeUpperBound(key, value, headers);
            if (part == null || part.recordCount == perPart
                    || !part.tryAppend(record.timestamp(), key, value, headers, size, completions[index])) {
                part = newBatch.get();
                part.splitPart = true;
                part.tryAppend(record.timestamp(), key, value, headers, size, completions[index]);
                parts.add(part);
            }
            charged += size;
            index++;
        }
        if (index != recordCount) {
            throw new IllegalStateException(this + " read back " + index + " records, expected " + recordCount);
        }
        // What buffer.memory was charged for the records stays exactly what is released for them.
        parts.get(parts.size() - 1).reservedBytes += reservedBytes - charged;
        for (ProducerBatch p : parts) {
            p.close();
        }
        stampParts(parts);
        completions = null;
        facts = null;
        reservedBytes = 0;
        if (bytes.hasArray()) {
            arrays.give(bytes.array()); // answered, so written; the parts copied what they needed
        }
        CompletableFuture.allOf(parts.stream().map(ProducerBatch::done).toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> finish());
        return parts;
    }

    private int decompressionBound() {
        return Math.max(RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES, uncompressedBytes() + 1);
    }

    /** The parts of a batch that had sequences take them in turn: base, base + the first part's records, ... */
    private void stampParts(List<ProducerBatch> parts) {
        if (baseSequence < 0) {
            return;
        }
        int sequence = baseSequence;
        for (ProducerBatch p : parts) {
            p.setProducerState(producerId, producerEpoch, sequence);
            sequence = RecordBatch.incrementSequence(sequence, p.recordCount);
        }
    }

    /** Whether {@link #split} made this batch. */
    boolean isSplitPart() {
        return splitPart;
    }

    void retryAt(long nanos) {
        attempts++;
        retryAtNanos = nanos;
    }

    boolean isBackingOff(long nowNanos) {
        return attempts > 0 && nowNanos < retryAtNanos;
    }

    long retryAtNanos() {
        return retryAtNanos;
    }

    int attempts() {
        return attempts;
    }

    boolean isRetry() {
        return attempts > 0;
    }

    /** Creation order within the accumulator: a lower number was opened earlier. */
    long number() {
        return number;
    }

    TopicPartition partition() {
        return partition;
    }

    long createdNanos() {
        return createdNanos;
    }

    int recordCount() {
        return recordCount;
    }

    long reservedBytes() {
        return reservedBytes;
    }

    /** The largest record appended, by its upper-bound encoded size (what buffer.memory was charged). */
    int maxRecordSize() {
        return maxRecordSize;
    }

    synchronized int uncompressedBytes() {
        return builder.uncompressedRecordBytes();
    }

    /** Compressed over uncompressed size of the records, once built. */
    synchronized float compressionRatio() {
        return builder.compressionRatio();
    }

    synchronized int estimatedSizeInBytes() {
        return built != null ? built.limit() : builder.estimatedSizeInBytes();
    }

    /**
     * Completes when every record of the batch is completed, either way. Safe against a concurrent {@link #finish}:
     * this writes the future then reads {@code finished}, finish writes {@code finished} then reads the future, both
     * volatile, so at least one of them sees the other and completes it.
     */
    CompletableFuture<Void> done() {
        CompletableFuture<Void> future = done;
        if (future == null) {
            DONE.compareAndSet(this, null, new CompletableFuture<Void>());
            future = done;
        }
        if (finished) {
            future.complete(null);
        }
        return future;
    }

    private void finish() {
        finished = true;
        CompletableFuture<Void> future = done;
        if (future != null) {
            future.complete(null);
        }
    }

    boolean isDone() {
        return finished;
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + partition + ", " + recordCount() + " records, attempts " + attempts
                + (baseSequence >= 0 ? ", sequence " + baseSequence : "") + ")";
    }
}
