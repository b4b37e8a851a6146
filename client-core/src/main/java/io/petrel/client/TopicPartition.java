package io.petrel.client;

import java.util.Objects;

/**
 * A partition of a topic.
 *
 * <p>equals and hashCode are written out rather than generated: a record's generated ones go through an
 * invokedynamic bootstrap that the JIT does not always inline, and a producer looks partitions up per
 * record. The hash needs no cache: a String caches its own.
 */
public record TopicPartition(String topic, int partition) {
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof TopicPartition other && partition == other.partition && topic.equals(other.topic);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + partition;
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
