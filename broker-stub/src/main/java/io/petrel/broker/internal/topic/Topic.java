package io.petrel.broker.internal.topic;

import io.petrel.broker.LogConfig;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A topic as the registry knows it: an immutable snapshot. Growing the partition count gives a new
 * snapshot under the same name and id.
 *
 * @param name            the topic's name
 * @param id              the topic id, random at creation and kept across restarts
 * @param partitions      how many partitions the topic has
 * @param configOverrides the topic configs set at creation (Kafka key names), sorted by key
 * @param logConfig       the effective log settings: the broker's defaults with the overrides applied
 */
public record Topic(String name, UUID id, int partitions, Map<String, String> configOverrides, LogConfig logConfig) {
    /** The all-zero id, which Kafka's protocol sends where a topic has no id or is named by name only. */
    public static final UUID NO_ID = new UUID(0L, 0L);

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(logConfig, "logConfig");
        configOverrides = Collections.unmodifiableMap(new TreeMap<>(configOverrides));
    }

    /** This topic with a different partition count. */
    Topic withPartitions(int newPartitions) {
        return new Topic(name, id, newPartitions, configOverrides, logConfig);
    }

    /** The partition with this index, which must exist. */
    public TopicPartition partition(int index) {
        if (index < 0 || index >= partitions) {
            throw new IndexOutOfBoundsException("Topic " + name + " has partitions 0.." + (partitions - 1)
                    + ", not " + index);
        }
        return new TopicPartition(name, index);
    }

    /** Whether a partition with this index exists. */
    public boolean hasPartition(int index) {
        return index >= 0 && index < partitions;
    }
}
