package io.petrel.consumer;

import io.petrel.client.TopicPartition;

import java.util.Collection;

/**
 * Told when the group takes partitions from this consumer or gives it new ones. Every callback runs on
 * the application's thread, inside {@link Consumer#poll}, so it may commit offsets or seek; an exception
 * it throws is re-thrown from that poll once the rebalance step is finished.
 *
 * <p>With the eager protocol (range, roundrobin) every owned partition is revoked before each rebalance
 * and the new assignment is announced after it. With cooperative-sticky only the partitions that move
 * are revoked, and {@link #onPartitionsAssigned} is called with just the added ones (maybe none).
 */
public interface ConsumerRebalanceListener {

    /** These partitions are about to be taken away: commit what was processed of them now. */
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    /** These partitions were just assigned; positions come from committed offsets or auto.offset.reset. */
    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    /**
     * These partitions were lost without an orderly revocation (the member's session expired or it was
     * fenced), so they may already belong to another member: committing their offsets will fail. Calls
     * {@link #onPartitionsRevoked} by default.
     */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
