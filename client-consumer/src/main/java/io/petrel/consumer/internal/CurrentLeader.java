package io.petrel.consumer.internal;

import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClusterMetadata;

import java.util.Optional;

/**
 * A partition's leader and leader epoch as the metadata has them now: where it is fetched from and validated, and
 * the epoch those requests carry for fencing (-1 when the metadata gives none).
 */
record CurrentLeader(Node node, int epoch) {

    /** The partition's current leader, or empty when the metadata knows none. */
    static Optional<CurrentLeader> of(ClusterMetadata metadata, TopicPartition tp) {
        Optional<Node> leader = metadata.leader(tp);
        if (leader.isEmpty()) {
            return Optional.empty();
        }
        int epoch = metadata.partitions(tp.topic()).flatMap(list -> list.stream()
                .filter(p -> p.partition() == tp.partition()).findFirst()).map(PartitionInfo::leaderEpoch).orElse(-1);
        return Optional.of(new CurrentLeader(leader.get(), epoch));
    }
}
