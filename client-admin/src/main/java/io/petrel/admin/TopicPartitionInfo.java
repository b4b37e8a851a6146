package io.petrel.admin;

import io.petrel.client.Node;

import java.util.List;

/**
 * One partition of a described topic.
 *
 * @param partition its index
 * @param leader    its leader, or null when it has none
 * @param replicas  its replicas
 * @param isr       its in-sync replicas
 */
public record TopicPartitionInfo(int partition, Node leader, List<Node> replicas, List<Node> isr) {
    public TopicPartitionInfo {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
