package io.petrel.producer.internal;

import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.record.RecordHeader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stage 3 of the pipeline: collects records into per-partition batches until they should go.
 *
 * <p>How it works: each partition has a deque of {@link ProducerBatch}es guarded by its own lock, found
 * by topic and then by partition number, so send() allocates no key per record;
 * callers append to the last batch, opening a new one when it is full (batch.size). The sender thread
 * asks {@link #ready} which partitions have a head batch to send, which is the case when the batch is
 * full (or not the only one), has waited linger.ms, is a retry whose backoff is over, or a
 * {@link #flush} or {@link #close} is under way, and takes it with {@link #poll}. A batch that must be
 * retried goes back to the front, in creation order, so a partition's records keep their order; so do the
 * smaller batches a batch refused as too large is split into ({@link #splitAndReenqueue}).
 * Memory is charged per record (see {@link BufferPool}) before a record gets here, so appending never
 * blocks.
 */
final class RecordAccumulator {
    /** Lowest compression ratio estimate used to size compressed batches, so a batch's records stay bounded. */
    private static final float MIN_RATIO_ESTIMATE = 0.25f;

    /** What an append did, so the caller knows whether to wake the sender or ask the partitioner again. */
    enum AppendResult {
        /** Appended to a batch that still has room. */
        APPENDED,
        /** Appended, and the batch is now ready to go (full, or a new batch was opened behind it). */
        APPENDED_BATCH_READY,
        /** Appended as the first record of a new batch: the sender should start its linger timer. */
        APPENDED_NEW_BATCH,
        /** Not appended: it would have opened a new batch and the caller asked to be told first. */
        NEW_BATCH_NEEDED
    }

    /** The partitions the sender may take a batch from now, and when to look again for the others. */
    record Ready(List<TopicPartition> partitions, long nextCheckNanos) {
    }

    /** One partition's batches, oldest first, and the partition's key, made once and shared by its batches. */
    private static final class PartitionQueue {
        final TopicPartition partition;
        final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();

        PartitionQueue(TopicPartition partition) {
            this.partition = partition;
        }
    }

    /**
     * A topic's partition queues, indexed by partition number: send() finds its queue without building
     * a TopicPartition per record. The array only grows (partitions are only added), under this lock.
     */
    private static final class TopicQueues {
        private final String topic;
        private volatile PartitionQueue[] byPartition = new PartitionQueue[0];

        TopicQueues(String topic) {
            this.topic = topic;
        }

        PartitionQueue get(int partition) {
            PartitionQueue[] queues = byPartition;
            return partition < queues.length ? queues[partition] : null;
        }

        PartitionQueue getOrCreate(int partition) {
            PartitionQueue queue = get(partition);
            return queue != null ? queue : create(partition);
        }

        private synchronized PartitionQueue create(int partition) {
            PartitionQueue[] queues = byPartition;
            if (partition >= queues.length) {
                queues = Arrays.copyOf(queues, partition + 1);
            } else if (queues[partition] != null) {
                return queues[partition];
            } else {
                queues = queues.clone();
            }
            PartitionQueue queue = new PartitionQueue(new TopicPartition(topic, partition));
            queues[partition] = queue;
            byPartition = queues;
            return queue;
        }

        PartitionQueue[] all() {
            return byPartition;
        }
    }

    private final ConcurrentMap<String, TopicQueues> topics = new ConcurrentHashMap<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, Float> ratioEstimates = new ConcurrentHashMap<>();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private final AtomicLong batchNumbers = new AtomicLong();
    private final BatchArrays arrays;
    private final int batchSize;
    private final long lingerNanos;
    private final CompressionType compression;
    private final int compressionLevel;
    private final Time time;
    private final boolean transactional;
    private volatile boolean closing;

    /** @param transactional whether batches are marked transactional (a producer with a transactional.id) */
    RecordAccumulator(int batchSize, long lingerMs, CompressionType compression, int compressionLevel,
                      BatchArrays arrays, Time time, boolean transactional) {
        this.transactional = transactional;
        this.batchSize = batchSize;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMs);
        this.compression = compression;
        this.compressionLevel = compressionLevel;
        this.time = time;
        this.arrays = arrays;
    }

    /**
     * Appends a record, given by its parts (see {@link ProducerBatch#tryAppend}), to its partition's open batch,
     * or a new one.
     *
     * @param sizeInBytes       the record's upper-bound size, charged to buffer.memory
     * @param askBeforeNewBatch return {@link AppendResult#NEW_BATCH_NEEDED} instead of opening a batch
     */
    AppendResult append(String topic, int partition, long timestamp, byte[] key, byte[] value,
                        List<RecordHeader> headers, int sizeInBytes, RecordCompletion completion,
                        boolean askBeforeNewBatch) {
        PartitionQueue queue = queue(topic, partition);
        ArrayDeque<ProducerBatch> deque = queue.batches;
        ProducerBatch filled = null;
        ProducerBatch openedFull = null;
        AppendResult result;
        synchronized (deque) {
            ProducerBatch last = deque.peekLast();
            if (last != null && last.tryAppend(timestamp, key, value, headers, sizeInBytes, completion)) {
                result = last.isFull() ? AppendResult.APPENDED_BATCH_READY : AppendResult.APPENDED;
            } else if (askBeforeNewBatch && last != null) {
                result = AppendResult.NEW_BATCH_NEEDED;
            } else {
                ProducerBatch opened = newBatch(queue.partition);
                opened.tryAppend(timestamp, key, value, headers, sizeInBytes, completion);
                deque.addLast(opened);
                incomplete.add(opened);
                openedFull = opened.isFull() ? opened : null;
                result = last != null || opened.isFull() ? AppendResult.APPENDED_BATCH_READY
                        : AppendResult.APPENDED_NEW_BATCH;
            }
            filled = last != null && last.isFull() ? last : null;
        }
        // Compressed out of the lock: the sender's passes take it to look at the head batch, and need not wait for
        // zstd on a tail batch (see ProducerBatch#finishRecords). A no-op for a batch finished already.
        if (filled != null) {
            filled.finishRecords();
        }
        if (openedFull != null) {
            openedFull.finishRecords();
        }
        return result;
    }

    private PartitionQueue queue(String topic, int partition) {
        TopicQueues queues = topics.get(topic);
        if (queues == null) {
            queues = topics.computeIfAbsent(topic, TopicQueues::new);
        }
        return queues.getOrCreate(partition);
    }

    /** The partition's queue, or null when nothing was ever appended to it. */
    private ArrayDeque<ProducerBatch> existing(TopicPartition partition) {
        TopicQueues queues = topics.get(partition.topic());
        PartitionQueue queue = queues == null ? null : queues.get(partition.partition());
        return queue == null ? null : queue.batches;
    }

    private ProducerBatch newBatch(TopicPartition partition) {
        float ratio = compression == CompressionType.NONE ? 1.0f
                : ratioEstimates.getOrDefault(partition.topic(), 1.0f);
        return new ProducerBatch(batchNumbers.incrementAndGet(), partition, compression, compressionLevel, ratio,
                batchSize, time.nanoseconds(), arrays, transactional);
    }

    /** The partitions whose head batch may go now, and the earliest time another one will. */
    Ready ready(long nowNanos) {
        List<TopicPartition> ready = new ArrayList<>();
        long next = Long.MAX_VALUE;
        boolean sendAll = closing || flushesInProgress.get() > 0;
        for (TopicQueues queues : topics.values()) {
            for (PartitionQueue queue : queues.all()) {
                if (queue == null) {
                    continue;
                }
                ArrayDeque<ProducerBatch> deque = queue.batches;
                synchronized (deque) {
                    ProducerBatch head = deque.peekFirst();
                    if (head == null) {
                        continue;
                    }
                    long readyAt = readyAt(head, deque.size() > 1, sendAll);
                    if (readyAt <= nowNanos) {
                        ready.add(queue.partition);
                    } else {
                        next = Math.min(next, readyAt);
                    }
                }
            }
        }
        return new Ready(ready, next);
    }

    private long readyAt(ProducerBatch head, boolean hasNext, boolean sendAll) {
        if (head.isRetry()) {
            return head.retryAtNanos();
        }
        if (head.isFull() || hasNext || sendAll) {
            return Long.MIN_VALUE;
        }
        return head.createdNanos() + lingerNanos;
    }

    /** Takes the head batch of a partition, closed to further appends; null if there is none. */
    ProducerBatch poll(TopicPartition partition) {
        ArrayDeque<ProducerBatch> deque = existing(partition);
        if (deque == null) {
            return null;
        }
        synchronized (deque) {
            ProducerBatch head = deque.pollFirst();
            if (head != null) {
                head.close();
            }
            return head;
        }
    }

    /**
     * Whether the partition's head batch is waiting for a retry, or is part of a batch refused as too large: it must
     * go, alone, before newer ones.
     */
    boolean headMustGoAlone(TopicPartition partition) {
        ArrayDeque<ProducerBatch> deque = existing(partition);
        if (deque == null) {
            return false;
        }
        synchronized (deque) {
            ProducerBatch head = deque.peekFirst();
            return head != null && (head.isRetry() || head.isSplitPart());
        }
    }

    /**
     * Puts a batch back for a retry, in creation order among the batches waiting there: ahead of newer
     * ones, behind older retries. (Within an epoch, sequences follow creation order too.)
     */
    void reenqueue(ProducerBatch batch) {
        reenqueue(batch.partition(), List.of(batch));
    }

    /**
     * Puts the parts of a batch the broker refused as too large where it was ({@link ProducerBatch#split}), in order,
     * and stops counting the batch itself as incomplete: its parts are, from before it leaves, so a flush never
     * sees neither. The topic's compression ratio estimate goes back to 1 (uncompressed), so its next batches hold
     * no more records than batch.size uncompressed. Returns how many parts there are.
     */
    int splitAndReenqueue(ProducerBatch batch) {
        if (compression != CompressionType.NONE) {
            ratioEstimates.put(batch.partition().topic(), 1.0f);
        }
        List<ProducerBatch> parts = batch.split(() -> new ProducerBatch(batch.number(), batch.partition(),
                compression, compressionLevel, 1.0f, batchSize, batch.createdNanos(), arrays, transactional));
        incomplete.addAll(parts);
        incomplete.remove(batch);
        reenqueue(batch.partition(), parts);
        return parts.size();
    }

    /** Puts {@code batches} (of one creation number, in order) back at their place in creation order. */
    private void reenqueue(TopicPartition partition, List<ProducerBatch> batches) {
        long number = batches.get(0).number();
        ArrayDeque<ProducerBatch> deque = queue(partition.topic(), partition.partition()).batches;
        synchronized (deque) {
            List<ProducerBatch> older = new ArrayList<>();
            while (!deque.isEmpty() && deque.peekFirst().number() < number) {
                older.add(deque.pollFirst());
            }
            for (int i = batches.size() - 1; i >= 0; i--) {
                deque.addFirst(batches.get(i));
            }
            for (int i = older.size() - 1; i >= 0; i--) {
                deque.addFirst(older.get(i));
            }
        }
    }

    /** Learns the compression ratio of a built batch, to size the topic's next batches. */
    void recordCompressionRatio(String topic, float ratio) {
        if (compression != CompressionType.NONE && ratio > 0) {
            ratioEstimates.put(topic, Math.max(MIN_RATIO_ESTIMATE, Math.min(1.0f, ratio)));
        }
    }

    /**
     * Removes and returns the waiting (not in-flight) batches created before {@code createdBeforeNanos}.
     * A deque is in creation order (a retry goes back to the front, and is older than what it passes), so
     * only its head is looked at.
     */
    List<ProducerBatch> expire(long createdBeforeNanos) {
        List<ProducerBatch> expired = new ArrayList<>();
        for (ArrayDeque<ProducerBatch> deque : deques()) {
            synchronized (deque) {
                while (!deque.isEmpty() && deque.peekFirst().createdNanos() - createdBeforeNanos < 0) {
                    ProducerBatch batch = deque.pollFirst();
                    batch.close();
                    expired.add(batch);
                }
            }
        }
        return expired;
    }

    private List<ArrayDeque<ProducerBatch>> deques() {
        List<ArrayDeque<ProducerBatch>> deques = new ArrayList<>();
        for (TopicQueues queues : topics.values()) {
            for (PartitionQueue queue : queues.all()) {
                if (queue != null) {
                    deques.add(queue.batches);
                }
            }
        }
        return deques;
    }

    /** Marks a batch's records completed; flush() and close() stop waiting for it. */
    void completed(ProducerBatch batch) {
        incomplete.remove(batch);
    }

    /** Makes every batch ready until {@link #endFlush}; returns a future of the batches incomplete now. */
    CompletableFuture<Void> beginFlush() {
        flushesInProgress.incrementAndGet();
        return CompletableFuture.allOf(incomplete.stream().map(ProducerBatch::done).toArray(CompletableFuture[]::new));
    }

    void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    /** From now on every batch is ready at once: the producer is closing. */
    void close() {
        closing = true;
    }

    /** Whether any batch is still waiting or in flight. */
    boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    /**
     * Removes the batches never sent (not built yet): their transaction is ending without them. Batches sent
     * at least once stay, to finish with the broker's answer.
     */
    List<ProducerBatch> drainUnsent() {
        List<ProducerBatch> unsent = new ArrayList<>();
        for (ArrayDeque<ProducerBatch> deque : deques()) {
            synchronized (deque) {
                deque.removeIf(batch -> {
                    if (batch.isBuilt()) {
                        return false;
                    }
                    batch.close();
                    unsent.add(batch);
                    return true;
                });
            }
        }
        return unsent;
    }

    /** Removes every waiting batch (a forced close); in-flight batches are the sender's to fail. */
    List<ProducerBatch> drainAll() {
        List<ProducerBatch> all = new ArrayList<>();
        for (ArrayDeque<ProducerBatch> deque : deques()) {
            synchronized (deque) {
                deque.forEach(ProducerBatch::close);
                all.addAll(deque);
                deque.clear();
            }
        }
        return all;
    }
}
