package io.petrel.tools.internal.admin;

import java.util.List;

/**
 * One partition of a topic: who leads it, who holds copies, who is in sync.
 *
 * @param partition the partition index
 * @param leader    the leader's node id, -1 for none
 * @param replicas  the replicas' node ids
 * @param isr       the in-sync replicas' node ids
 */
public record PartitionDescription(int partition, int leader, List<Integer> replicas, List<Integer> isr) {

    public PartitionDescription {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
