package io.petrel.tools.internal.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A topic as the cluster describes it.
 *
 * @param name       the topic name
 * @param id         the topic id, or null where the broker gives none (Metadata before v10)
 * @param internal   whether the broker marks it internal ({@code __consumer_offsets})
 * @param partitions its partitions, by index
 * @param configs    the settings not at their defaults (overrides and broker settings), in the broker's order (empty from
 *                   {@link ClusterAdmin#topic}, which does not read them)
 */
public record TopicDescription(String name, UUID id, boolean internal, List<PartitionDescription> partitions,
                               Map<String, String> configs) {

    public TopicDescription {
        partitions = List.copyOf(partitions);
        configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    }

    /** The replication factor: the replica count of its first partition, as kafka-topics reports it. */
    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }
}
