package io.petrel.producer.internal;

import io.petrel.client.Node;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.NodeEndpoints;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.ResponseFrame;
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
    private final Map<TopicPartition, ProducerBatch> batches;
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
        this.batches = new LinkedHashMap<>();
        batches.forEach(b -> this.batches.put(b.partition(), b));
    }

    int nodeId() {
        return nodeId;
    }

    long sentNanos() {
        return sentNanos;
    }

    List<ProducerBatch> batches() {
        return List.copyOf(batches.values());
    }

    @Override
    public Message build(short version) {
        Map<String, List<Message>> byTopic = new LinkedHashMap<>();
        for (ProducerBatch batch : batches.values()) {
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
    public ResponseFrame.BodyReader responseReader() {
        return ProduceResponseReader::read;
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

    /** Each batch's result; a partition the response leaves out is an UNKNOWN_SERVER_ERROR. */
    Map<ProducerBatch, PartitionResult> read(Message response) {
        Map<UUID, String> namesById = new HashMap<>();
        batches.keySet().forEach(tp -> {
            UUID id = topicIds.apply(tp.topic());
            if (id != null) {
                namesById.put(id, tp.topic());
            }
        });
        Map<Integer, Node> endpoints = NodeEndpoints.byId(response.get(ProduceResponse.NODE_ENDPOINTS),
                ProduceResponse.NodeEndpoint.NODE_ID, ProduceResponse.NodeEndpoint.HOST,
                ProduceResponse.NodeEndpoint.PORT, ProduceResponse.NodeEndpoint.RACK);
        Map<ProducerBatch, PartitionResult> results = new LinkedHashMap<>();
        for (Message topic : response.get(ProduceResponse.RESPONSES)) {
            String name = topicName(topic, namesById);
            for (Message partition : topic.get(TopicProduceResponse.PARTITION_RESPONSES)) {
                ProducerBatch batch = batches.get(new TopicPartition(name, partition.get(PartitionProduceResponse.INDEX)));
                if (batch != null) {
                    results.put(batch, result(partition, endpoints));
                }
            }
        }
        for (ProducerBatch batch : batches.values()) {
            results.putIfAbsent(batch, new PartitionResult(ErrorCode.UNKNOWN_SERVER_ERROR,
                    "The Produce response from node " + nodeId + " has no result for " + batch.partition(), -1, -1,
                    null));
        }
        return results;
    }

    private static String topicName(Message topic, Map<UUID, String> namesById) {
        String name = topic.get(TopicProduceResponse.NAME);
        if (name != null && !name.isEmpty()) {
            return name;
        }
        String byId = namesById.get(topic.get(TopicProduceResponse.TOPIC_ID));
        return byId == null ? "" : byId;
    }

    private static PartitionResult result(Message partition, Map<Integer, Node> endpoints) {
        Message leader = partition.get(PartitionProduceResponse.CURRENT_LEADER);
        LeaderHint hint = leader == null || leader.get(ProduceResponse.LeaderIdAndEpoch.LEADER_ID) < 0
                || leader.get(ProduceResponse.LeaderIdAndEpoch.LEADER_EPOCH) < 0 ? null
                : new LeaderHint(leader.get(ProduceResponse.LeaderIdAndEpoch.LEADER_ID),
                        leader.get(ProduceResponse.LeaderIdAndEpoch.LEADER_EPOCH), endpoints);
        return new PartitionResult(ErrorCode.forCode(partition.get(PartitionProduceResponse.ERROR_CODE)),
                partition.get(PartitionProduceResponse.ERROR_MESSAGE),
                partition.get(PartitionProduceResponse.BASE_OFFSET),
                partition.get(PartitionProduceResponse.LOG_APPEND_TIME_MS), hint);
    }
}
