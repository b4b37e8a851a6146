package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.log.LogAppendException;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicPartition;

import java.io.IOException;

/**
 * Writes the marker that ends a transaction into one of its partitions (Kafka's WriteTxnMarkers, which
 * on a single node is an append to the local log).
 */
@FunctionalInterface
public interface TransactionMarkerWriter {
    /** The coordinator epoch markers carry: this node has always been the coordinator. */
    int COORDINATOR_EPOCH = 0;

    /**
     * Appends a commit or abort marker of producer {@code producerId} at {@code producerEpoch}.
     *
     * @throws TopicException     when the partition no longer exists (its topic was deleted)
     * @throws LogAppendException when the log refuses the marker
     * @throws IOException        when the log cannot be written
     */
    void write(TopicPartition partition, long producerId, short producerEpoch, boolean commit)
            throws IOException, LogAppendException, TopicException;
}
