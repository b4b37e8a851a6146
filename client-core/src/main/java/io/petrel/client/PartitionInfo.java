package io.petrel.client;

import java.util.List;

/**
 * A partition's placement as the cluster reports it.
 *
 * @param topic           the topic
 * @param partition       the partition index
 * @param leader          the leader, or null while there is none
 * @param leaderEpoch     the leader epoch, -1 if unknown
 * @param replicas        the replica nodes
 * @param inSyncReplicas  the in-sync replica nodes
 */
public record PartitionInfo(String topic, int partition, Node leader, int leaderEpoch, List<Node> replicas,
                            List<Node> inSyncReplicas) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
