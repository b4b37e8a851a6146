package io.petrel.client.internal.metadata;

import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseBroker;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponsePartition;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseTopic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a Metadata response body (any version) into a {@link MetadataUpdate}: brokers become
 * {@link Node}s and partitions {@link PartitionInfo}s whose leader, replicas and ISR point at them. A
 * leader that is not among the brokers (or -1) is no leader; a replica not among them is kept as a node
 * with no address, as Kafka's clients do.
 */
final class MetadataResponseParser {
    private static final UUID ZERO_UUID = new UUID(0L, 0L);

    private MetadataResponseParser() {
    }

    static MetadataUpdate parse(Message body) {
        Map<Integer, Node> brokers = new HashMap<>();
        for (Message b : body.get(MetadataResponse.BROKERS)) {
            int id = b.get(MetadataResponseBroker.NODE_ID);
            brokers.put(id, new Node(id, b.get(MetadataResponseBroker.HOST), b.get(MetadataResponseBroker.PORT),
                    b.get(MetadataResponseBroker.RACK)));
        }
        List<MetadataUpdate.TopicResult> topics = new ArrayList<>();
        for (Message t : body.get(MetadataResponse.TOPICS)) {
            topics.add(topic(t, brokers));
        }
        return new MetadataUpdate(Map.copyOf(brokers), body.get(MetadataResponse.CLUSTER_ID),
                ErrorCode.forCode(body.get(MetadataResponse.ERROR_CODE)), List.copyOf(topics));
    }

    private static MetadataUpdate.TopicResult topic(Message t, Map<Integer, Node> brokers) {
        String name = t.get(MetadataResponseTopic.NAME);
        UUID id = t.get(MetadataResponseTopic.TOPIC_ID);
        ErrorCode error = ErrorCode.forCode(t.get(MetadataResponseTopic.ERROR_CODE));
        List<PartitionInfo> partitions = new ArrayList<>();
        if (error == ErrorCode.NONE) {
            for (Message p : t.get(MetadataResponseTopic.PARTITIONS)) {
                partitions.add(partition(name, p, brokers));
            }
        }
        return new MetadataUpdate.TopicResult(name, ZERO_UUID.equals(id) ? null : id, error, List.copyOf(partitions));
    }

    private static PartitionInfo partition(String topic, Message p, Map<Integer, Node> brokers) {
        Node leader = brokers.get(p.get(MetadataResponsePartition.LEADER_ID));
        return new PartitionInfo(topic, p.get(MetadataResponsePartition.PARTITION_INDEX), leader,
                p.get(MetadataResponsePartition.LEADER_EPOCH),
                nodes(p.get(MetadataResponsePartition.REPLICA_NODES), brokers),
                nodes(p.get(MetadataResponsePartition.ISR_NODES), brokers));
    }

    private static List<Node> nodes(List<Integer> ids, Map<Integer, Node> brokers) {
        List<Node> out = new ArrayList<>(ids.size());
        for (int id : ids) {
            out.add(brokers.getOrDefault(id, new Node(id, "", -1, null)));
        }
        return List.copyOf(out);
    }
}
