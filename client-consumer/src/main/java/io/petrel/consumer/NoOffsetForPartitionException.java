package io.petrel.consumer;

import io.petrel.client.ClientException;
import io.petrel.client.TopicPartition;

import java.util.Set;

/**
 * auto.offset.reset is none and these partitions have no committed offset (or were asked to reset), so
 * the consumer does not know where to read them from. Seek them, or set auto.offset.reset.
 */
public class NoOffsetForPartitionException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final transient Set<TopicPartition> partitions;

    public NoOffsetForPartitionException(Set<TopicPartition> partitions) {
        super("No committed offset and auto.offset.reset=none for partitions " + partitions
                + ": seek them or set auto.offset.reset to earliest or latest");
        this.partitions = Set.copyOf(partitions);
    }

    /** The partitions without a position. */
    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
