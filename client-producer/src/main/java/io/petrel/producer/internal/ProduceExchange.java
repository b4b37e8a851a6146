package io.petrel.producer.internal;

import io.petrel.client.Node;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.NodeEndpoints;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceRequest.PartitionProduceData;
import io.petrel.protocol.schemas.ProduceRequest.TopicProduceData;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.PartitionProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.TopicProduceResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * One Produce request to one broker: its batches (at most one per partition), its body for whichever
 * version the connection speaks (topic names up to v12, topic ids from v13), and the reading of its
 * response into one {@link PartitionResult} per batch, with the new leader a refusing broker named (KIP-951). A transactional producer's request names its
 * transactional id; under transactions version 1 it goes at v11 at most, since from v12 the broker would add
 * the partitions to the transaction itself (transactions version 2).
 */
final class ProduceExchange implements RequestBody {
    /** The last Produce version whose transactional requests do not add partitions implicitly (KIP-890). */
    static final short LAST_TRANSACTION_V1_VERSION = 11;

    /**
     * A partition's answer; {@code leaderHint} is the new leader a broker named along with a leadership error
     * (KIP-951, Produce v10+), or null.
     */
    record PartitionResult(ErrorCode error, String message, long baseOffset, long logAppendTime, LeaderHint leaderHint) {
    }

    /** The current leader of a partition as the refusing broker knows it, and the endpoints the response carried. */
    record LeaderHint(int leaderId, int leaderEpoch, Map<Integer, Node> endpoints) {
    }

    private final int nodeId;
    private final short acks;
    private final int timeoutMs;
    /** In request order, at most one per partition. */
    private final List<ProducerBatch> batches;
    /** Each batch's index by topic (name, and id where known) and partition; built only for answers out of order. */
    private Map<PartitionKey, Integer> indexByPartition;
    private final Function<String, UUID> topicIds;
    private final long sentNanos;
    private final String transactionalId;
    private final boolean transactionV1;

    ProduceExchange(int nodeId, short acks, int timeoutMs, List<ProducerBatch> batches,
                    Function<String, UUID> topicIds, long sentNanos, String transactionalId, boolean transactionV1) {
        this.transactionalId = transactionalId;
        this.transactionV1 = transactionV1;
        this.nodeId = nodeId;
        this.acks = acks;
        this.timeoutMs = timeoutMs;
        this.topicIds = topicIds;
        this.sentNanos = sentNanos;
        this.batches = List.copyOf(batches);
    }

    int nodeId() {
        return nodeId;
    }

    long sentNanos() {
        return sentNanos;
    }

    /** The batches in request order; {@link #read} answers in this order. */
    List<ProducerBatch> batches() {
        return batches;
    }

    @Override
    public Message build(short version) {
        Map<String, List<Message>> byTopic = new LinkedHashMap<>();
        for (ProducerBatch batch : batches) {
            byTopic.computeIfAbsent(batch.partition().topic(), t -> new ArrayList<>()).add(Message.of(PartitionProduceData.SCHEMA)
                    .set(PartitionProduceData.INDEX, batch.partition().partition())
                    .set(PartitionProduceData.RECORDS, batch.buffer()));
        }
        List<Message> topicData = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) -> topicData.add(topicData(version, topic, partitions)));
        return ProduceRequest.SCHEMA.newMessage()
                .set(ProduceRequest.TRANSACTIONAL_ID, transactionalId)
                .set(ProduceRequest.ACKS, acks)
                .set(ProduceRequest.TIMEOUT_MS, timeoutMs)
                .set(ProduceRequest.TOPIC_DATA, topicData);
    }

    @Override
    public short maxVersion() {
        return transactionV1 ? LAST_TRANSACTION_V1_VERSION : Short.MAX_VALUE;
    }

    private Message topicData(short version, String topic, List<Message> partitions) {
        Message data = Message.of(TopicProduceData.SCHEMA).set(TopicProduceData.PARTITION_DATA, partitions);
        if (version >= 13) {
            UUID id = topicIds.apply(topic);
            if (id == null) {
                throw new IllegalStateException("Produce v" + version + " needs the id of topic " + topic
                        + ", which the metadata does not give");
            }
            return data.set(TopicProduceData.TOPIC_ID, id);
        }
        return data.set(TopicProduceData.NAME, topic);
    }

    /**
     * Each batch's result, in the order of {@link #batches()}; a partition the response leaves out is an
     * UNKNOWN_SERVER_ERROR. Brokers answer partitions in the order they were asked, so each answer is first matched
     * with the batch after the previous answer's, and only an answer out of order builds the lookup by partition;
     * the endpoints of a leader hint are read only when an answer carries one.
     */
    PartitionResult[] read(Message response) {
        PartitionResult[] results = new PartitionResult[batches.size()];
        Map<Integer, Node> endpoints = null;
        int next = 0;
        for (Message topic : response.get(ProduceResponse.RESPONSES)) {
            for (Message partition : topic.get(TopicProduceResponse.PARTITION_RESPONSES)) {
                int index = partition.get(PartitionProduceResponse.INDEX);
                int at = next < results.length && answers(batches.get(next), topic, index) ? next : find(topic, index);
                if (at < 0) {
                    continue;
                }
                Message leader = namedLeader(partition);
                if (leader != null && endpoints == null) {
                    endpoints = NodeEndpoints.byId(response.get(ProduceResponse.NODE_ENDPOINTS),
                            ProduceResponse.NodeEndpoint.NODE_ID, ProduceResponse.NodeEndpoint.HOST,
                            ProduceResponse.NodeEndpoint.PORT, ProduceResponse.NodeEndpoint.RACK);
                }
                results[at] = result(partition, leader == null ? null
                        : new LeaderHint(leader.get(ProduceResponse.LeaderIdAndEpoch.LEADER_ID),
                                leader.get(ProduceResponse.LeaderIdAndEpoch.LEADER_EPOCH), endpoints));
                next = at + 1;
            }
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = new PartitionResult(ErrorCode.UNKNOWN_SERVER_ERROR, "The Produce response from node "
                        + nodeId + " has no result for " + batches.get(i).partition(), -1, -1, null);
            }
        }
        return results;
    }

    /** Whether {@code topic}'s answer for partition {@code index} is {@code batch}'s: by name, or by id from v13. */
    private boolean answers(ProducerBatch batch, Message topic, int index) {
        TopicPartition partition = batch.partition();
        if (partition.partition() != index) {
            return false;
        }
        String name = topic.get(TopicProduceResponse.NAME);
        if (name != null && !name.isEmpty()) {
            return name.equals(partition.topic());
        }
        return topic.get(TopicProduceResponse.TOPIC_ID).equals(topicIds.apply(partition.topic()));
    }

    /** The index of the batch {@code topic}'s answer for partition {@code index} is for, or -1 for none. */
    private int find(Message topic, int index) {
        if (indexByPartition == null) {
            indexByPartition = new HashMap<>();
            for (int i = 0; i < batches.size(); i++) {
                TopicPartition partition = batches.get(i).partition();
                indexByPartition.put(new PartitionKey(partition.topic(), partition.partition()), i);
                UUID id = topicIds.apply(partition.topic());
                if (id != null) {
                    indexByPartition.put(new PartitionKey(id, partition.partition()), i);
                }
            }
        }
        String name = topic.get(TopicProduceResponse.NAME);
        Object key = name != null && !name.isEmpty() ? name : topic.get(TopicProduceResponse.TOPIC_ID);
        Integer at = indexByPartition.get(new PartitionKey(key, index));
        return at == null ? -1 : at;
    }

    /** A partition by its topic's name or its topic's id. */
    private record PartitionKey(Object topic, int partition) {
    }

    /** The leader a partition's answer names (KIP-951), or null when it names none. */
    private static Message namedLeader(Message partition) {
        Message leader = partition.get(PartitionProduceResponse.CURRENT_LEADER);
        return leader == null || leader.get(ProduceResponse.LeaderIdAndEpoch.LEADER_ID) < 0
                || leader.get(ProduceResponse.LeaderIdAndEpoch.LEADER_EPOCH) < 0 ? null : leader;
    }

    private static PartitionResult result(Message partition, LeaderHint hint) {
        return new PartitionResult(ErrorCode.forCode(partition.get(PartitionProduceResponse.ERROR_CODE)),
                partition.get(PartitionProduceResponse.ERROR_MESSAGE),
                partition.get(PartitionProduceResponse.BASE_OFFSET),
                partition.get(PartitionProduceResponse.LOG_APPEND_TIME_MS), hint);
    }
}
