package io.petrel.producer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.record.RecordBatchBuilder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The records of one partition that travel together as one record batch, and their completions.
 *
 * <p>Life: opened by the accumulator, appended to under its partition's lock until full or drained;
 * then owned by the sender thread alone, which gives it a sequence (idempotence), builds it (the
 * protocol's {@link RecordBatchBuilder} compresses here), sends it, maybe re-queues it for a retry with
 * the same bytes and sequence, and finally completes every record: offset = base offset + index.
 */
final class ProducerBatch {
    private final long number;
    private final TopicPartition partition;
    private final RecordBatchBuilder builder;
    private final List<RecordCompletion> completions = new ArrayList<>();
    private final long createdNanos;
    private final int batchSize;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long reservedBytes;
    private boolean full;
    private ByteBuffer built;
    private int attempts;
    private long retryAtNanos;
    private long producerId = -1;
    private short producerEpoch = -1;
    private int baseSequence = -1;

    ProducerBatch(long number, TopicPartition partition, CompressionType compression, int level,
                  float compressionRatio, int batchSize, long createdNanos) {
        this.number = number;
        this.partition = partition;
        this.batchSize = batchSize;
        this.createdNanos = createdNanos;
        this.builder = new RecordBatchBuilder(0L)
                .compression(compression, level)
                .compressionRatioEstimate(compressionRatio)
                .initialCapacity(Math.min(batchSize, 1 << 20) + 64);
    }

    /**
     * Appends the record if it keeps the batch within batch.size (an empty batch takes any record).
     * Returns false, and marks the batch full, when it does not fit.
     */
    boolean tryAppend(SerializedRecord record, RecordCompletion completion) {
        if (full || !builder.hasRoomFor(record.timestamp(), record.key(), record.value(), record.headers(), batchSize)) {
            full = true;
            return false;
        }
        builder.append(record.timestamp(), record.key(), record.value(), record.headers());
        completions.add(completion);
        reservedBytes += record.sizeInBytes();
        if (builder.estimatedSizeInBytes() >= batchSize) {
            full = true;
        }
        return true;
    }

    /** No more records go in; set when it fills up or is drained. */
    void close() {
        full = true;
    }

    boolean isFull() {
        return full;
    }

    /** Stamps the idempotent producer's id, epoch and the batch's first sequence. */
    void setProducerState(long producerId, short producerEpoch, int baseSequence) {
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
    ByteBuffer buffer() {
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

    /** Completes every record; offsets follow the base offset in append order. */
    void succeed(long baseOffset, long logAppendTime) {
        for (int i = 0; i < completions.size(); i++) {
            long offset = baseOffset < 0 ? -1 : baseOffset + i;
            completions.get(i).succeed(partition.topic(), partition.partition(), offset, logAppendTime);
        }
        done.complete(null);
    }

    /** Fails every record with {@code error}. */
    void fail(Exception error) {
        for (RecordCompletion completion : completions) {
            completion.fail(error);
        }
        done.complete(null);
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
        return completions.size();
    }

    long reservedBytes() {
        return reservedBytes;
    }

    int uncompressedBytes() {
        return builder.uncompressedRecordBytes();
    }

    /** Compressed over uncompressed size of the records, once built. */
    float compressionRatio() {
        return builder.compressionRatio();
    }

    int estimatedSizeInBytes() {
        return built != null ? built.limit() : builder.estimatedSizeInBytes();
    }

    /** Completes when every record of the batch is completed, either way. */
    CompletableFuture<Void> done() {
        return done;
    }

    boolean isDone() {
        return done.isDone();
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + partition + ", " + recordCount() + " records, attempts " + attempts
                + (baseSequence >= 0 ? ", sequence " + baseSequence : "") + ")";
    }
}
