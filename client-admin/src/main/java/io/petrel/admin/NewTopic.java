package io.petrel.admin;

import java.util.Map;
import java.util.Optional;

/**
 * A topic to create, as Kafka's Admin takes it: a partition count and replication factor, each left to the
 * broker's default ({@code num.partitions}, {@code default.replication.factor}) when empty, and topic configs.
 *
 * @param name              the topic's name
 * @param numPartitions     the partition count, or empty for the broker's default
 * @param replicationFactor the replication factor, or empty for the broker's default
 * @param configs           topic settings ({@code cleanup.policy}, {@code retention.ms}, ...)
 */
public record NewTopic(String name, Optional<Integer> numPartitions, Optional<Short> replicationFactor,
                       Map<String, String> configs) {

    public NewTopic {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A new topic needs a name, got '" + name + "'");
        }
        configs = Map.copyOf(configs);
    }

    /** A topic with this many partitions and replicas and no configs. */
    public NewTopic(String name, int numPartitions, short replicationFactor) {
        this(name, Optional.of(numPartitions), Optional.of(replicationFactor), Map.of());
    }

    /** A topic with the broker's default partition count and replication factor. */
    public NewTopic(String name) {
        this(name, Optional.empty(), Optional.empty(), Map.of());
    }

    /** This topic with these configs. */
    public NewTopic configs(Map<String, String> newConfigs) {
        return new NewTopic(name, numPartitions, replicationFactor, newConfigs);
    }
}
