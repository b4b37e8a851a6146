package io.petrel.producer.internal;

import io.petrel.client.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * The idempotent producer's identity and per-partition sequence numbers; touched by the sender thread only.
 *
 * <p>How it works: InitProducerId gives a producer id and epoch. When a batch is drained it gets the
 * partition's next sequence (and the sequence advances by its record count); a retried batch keeps its
 * sequence, so the broker recognises a batch it already wrote and answers with the original offsets
 * instead of writing it twice. An OUT_OF_ORDER_SEQUENCE_NUMBER on a batch that is not the next one
 * expected is only the echo of an earlier batch's failure, and is retried; on the next one expected,
 * or after UNKNOWN_PRODUCER_ID, the broker has lost track of us: as kafka-clients does, the producer
 * stops sending, waits for its requests in flight, asks InitProducerId again (bumping the epoch) and
 * restarts every partition's sequences at 0, re-stamping waiting batches as they are drained.
 */
final class IdempotenceState {
    /** Sequences of one partition. */
    private static final class Sequences {
        private int next;
        private int lastAcked = -1;
    }

    private final Map<TopicPartition, Sequences> partitions = new HashMap<>();
    private long producerId = -1;
    private short epoch = -1;
    private boolean resetRequested = true;

    /** Whether batches may be stamped and sent: the producer has an id and no reset is pending. */
    boolean isReady() {
        return producerId >= 0 && !resetRequested;
    }

    /** Whether InitProducerId must be (re)sent. */
    boolean needsProducerId() {
        return resetRequested;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** Takes a new producer id and epoch; every partition's sequences start again at 0. */
    void setProducerId(long producerId, short epoch) {
        this.producerId = producerId;
        this.epoch = epoch;
        this.resetRequested = false;
        partitions.clear();
    }

    /** Asks for a new epoch before anything more is sent. */
    void requestReset() {
        resetRequested = true;
    }

    /** Gives the batch the partition's next sequence, unless it already carries one of this producer id and epoch. */
    void stamp(ProducerBatch batch) {
        if (batch.hasProducer(producerId, epoch)) {
            return;
        }
        Sequences seq = partitions.computeIfAbsent(batch.partition(), p -> new Sequences());
        batch.setProducerState(producerId, epoch, seq.next);
        seq.next = increment(seq.next, batch.recordCount());
    }

    /** Notes an acknowledged batch. */
    void acknowledged(ProducerBatch batch) {
        if (batch.hasProducer(producerId, epoch)) {
            partitions.computeIfAbsent(batch.partition(), p -> new Sequences()).lastAcked = batch.lastSequence();
        }
    }

    /**
     * Whether the broker expects this batch next: its predecessor is acknowledged. When it is not, an
     * OUT_OF_ORDER_SEQUENCE_NUMBER for it only echoes a predecessor's failure.
     */
    boolean isNextExpected(ProducerBatch batch) {
        if (!batch.hasProducer(producerId, epoch)) {
            return false;
        }
        Sequences seq = partitions.get(batch.partition());
        int lastAcked = seq == null ? -1 : seq.lastAcked;
        return batch.baseSequence() == increment(lastAcked, 1) || (lastAcked == -1 && batch.baseSequence() == 0);
    }

    /**
     * Whether the partition may have more than one batch in flight: only once the broker acknowledged one
     * of this epoch. Before that the broker has no state for us there and would take any sequence, so a
     * later batch could overtake a failed first one.
     */
    boolean mayPipeline(TopicPartition partition) {
        Sequences seq = partitions.get(partition);
        return seq != null && seq.lastAcked >= 0;
    }

    /** Adds to a sequence, wrapping past Integer.MAX_VALUE to 0 as Kafka does. */
    static int increment(int sequence, int by) {
        if (sequence > Integer.MAX_VALUE - by) {
            return by - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + by;
    }
}
