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
        Optional<PartitionInfo> info = metadata.partition(tp);
        if (info.isPresent()) {
            return info.get().leader() == null ? Optional.empty()
                    : Optional.of(new CurrentLeader(info.get().leader(), info.get().leaderEpoch()));
        }
        return metadata.leader(tp).map(node -> new CurrentLeader(node, -1));
    }
}
