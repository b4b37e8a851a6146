package io.petrel.broker.internal.handler;

import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.AlterPartitionReassignmentsRequest;
import io.petrel.protocol.schemas.CreateTopicsRequest;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableTopic;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableTopicConfig;
import io.petrel.protocol.schemas.DescribeQuorumRequest;
import io.petrel.protocol.schemas.DescribeTopicPartitionsRequest;
import io.petrel.protocol.schemas.ElectLeadersRequest;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchRequest.FetchPartition;
import io.petrel.protocol.schemas.FetchRequest.FetchTopic;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.protocol.schemas.ListOffsetsRequest.ListOffsetsPartition;
import io.petrel.protocol.schemas.ListOffsetsRequest.ListOffsetsTopic;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataRequest.MetadataRequestTopic;
import io.petrel.protocol.schemas.OffsetForLeaderEpochRequest;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceRequest.PartitionProduceData;
import io.petrel.protocol.schemas.ProduceRequest.TopicProduceData;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Requests for handler tests. Fields of every version are set (a topic's name and id, say); sending
 * through {@link HandlerFixture#send} keeps only those the chosen version carries.
 */
final class Requests {
    private Requests() {
    }

    /** One partition to fetch. */
    record FetchTarget(String topic, UUID id, int partition, long offset, int partitionMaxBytes) {
    }

    static Message produce(short acks, String topic, UUID id, int partition, ByteBuffer records) {
        Message p = Message.of(PartitionProduceData.SCHEMA)
                .set(PartitionProduceData.INDEX, partition)
                .set(PartitionProduceData.RECORDS, records);
        Message t = Message.of(TopicProduceData.SCHEMA)
                .set(TopicProduceData.NAME, topic)
                .set(TopicProduceData.TOPIC_ID, id)
                .set(TopicProduceData.PARTITION_DATA, new ArrayList<>(List.of(p)));
        return ProduceRequest.SCHEMA.newMessage()
                .set(ProduceRequest.ACKS, acks)
                .set(ProduceRequest.TIMEOUT_MS, 30_000)
                .set(ProduceRequest.TOPIC_DATA, new ArrayList<>(List.of(t)));
    }

    static Message fetch(int maxWaitMs, int minBytes, int maxBytes, FetchTarget... targets) {
        List<Message> topics = new ArrayList<>();
        for (FetchTarget target : targets) {
            Message p = Message.of(FetchPartition.SCHEMA)
                    .set(FetchPartition.PARTITION, target.partition())
                    .set(FetchPartition.FETCH_OFFSET, target.offset())
                    .set(FetchPartition.PARTITION_MAX_BYTES, target.partitionMaxBytes());
            topics.add(Message.of(FetchTopic.SCHEMA)
                    .set(FetchTopic.TOPIC, target.topic())
                    .set(FetchTopic.TOPIC_ID, target.id())
                    .set(FetchTopic.PARTITIONS, new ArrayList<>(List.of(p))));
        }
        return FetchRequest.SCHEMA.newMessage()
                .set(FetchRequest.MAX_WAIT_MS, maxWaitMs)
                .set(FetchRequest.MIN_BYTES, minBytes)
                .set(FetchRequest.MAX_BYTES, maxBytes)
                .set(FetchRequest.TOPICS, topics);
    }

    static Message listOffsets(String topic, int partition, long timestamp) {
        Message p = Message.of(ListOffsetsPartition.SCHEMA)
                .set(ListOffsetsPartition.PARTITION_INDEX, partition)
                .set(ListOffsetsPartition.TIMESTAMP, timestamp);
        Message t = Message.of(ListOffsetsTopic.SCHEMA)
                .set(ListOffsetsTopic.NAME, topic)
                .set(ListOffsetsTopic.PARTITIONS, new ArrayList<>(List.of(p)));
        return ListOffsetsRequest.SCHEMA.newMessage()
                .set(ListOffsetsRequest.REPLICA_ID, -1)
                .set(ListOffsetsRequest.TOPICS, new ArrayList<>(List.of(t)));
    }

    static Message createTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        List<Message> configMessages = new ArrayList<>();
        for (Map.Entry<String, String> e : configs.entrySet()) {
            configMessages.add(Message.of(CreatableTopicConfig.SCHEMA)
                    .set(CreatableTopicConfig.NAME, e.getKey())
                    .set(CreatableTopicConfig.VALUE, e.getValue()));
        }
        Message topic = Message.of(CreatableTopic.SCHEMA)
                .set(CreatableTopic.NAME, name)
                .set(CreatableTopic.NUM_PARTITIONS, partitions)
                .set(CreatableTopic.REPLICATION_FACTOR, replicationFactor)
                .set(CreatableTopic.CONFIGS, configMessages);
        return CreateTopicsRequest.SCHEMA.newMessage().set(CreateTopicsRequest.TOPICS, new ArrayList<>(List.of(topic)));
    }

    /** Metadata for the named topics, or all topics when {@code names} is null. */
    static Message metadata(List<String> names, boolean allowAutoCreate) {
        List<Message> topics = null;
        if (names != null) {
            topics = new ArrayList<>();
            for (String name : names) {
                topics.add(Message.of(MetadataRequestTopic.SCHEMA).set(MetadataRequestTopic.NAME, name));
            }
        }
        return MetadataRequest.SCHEMA.newMessage()
                .set(MetadataRequest.TOPICS, topics)
                .set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, allowAutoCreate);
    }

    /** DescribeTopicPartitions for the named topics (empty: all), with a cursor when cursorTopic is not null. */
    static Message describeTopicPartitions(List<String> names, int limit, String cursorTopic, int cursorPartition) {
        List<Message> topics = new ArrayList<>();
        names.forEach(n -> topics.add(Message.of(DescribeTopicPartitionsRequest.TopicRequest.SCHEMA)
                .set(DescribeTopicPartitionsRequest.TopicRequest.NAME, n)));
        return DescribeTopicPartitionsRequest.SCHEMA.newMessage()
                .set(DescribeTopicPartitionsRequest.TOPICS, topics)
                .set(DescribeTopicPartitionsRequest.RESPONSE_PARTITION_LIMIT, limit)
                .set(DescribeTopicPartitionsRequest.CURSOR, cursorTopic == null ? null
                        : Message.of(DescribeTopicPartitionsRequest.Cursor.SCHEMA)
                        .set(DescribeTopicPartitionsRequest.Cursor.TOPIC_NAME, cursorTopic)
                        .set(DescribeTopicPartitionsRequest.Cursor.PARTITION_INDEX, cursorPartition));
    }

    /** OffsetForLeaderEpoch for one partition: where {@code leaderEpoch} ended, the client at {@code currentLeaderEpoch}. */
    static Message offsetForLeaderEpoch(String topic, int partition, int currentLeaderEpoch, int leaderEpoch) {
        return OffsetForLeaderEpochRequest.SCHEMA.newMessage()
                .set(OffsetForLeaderEpochRequest.REPLICA_ID, -1)
                .set(OffsetForLeaderEpochRequest.TOPICS, List.of(Message.of(OffsetForLeaderEpochRequest.OffsetForLeaderTopic.SCHEMA)
                        .set(OffsetForLeaderEpochRequest.OffsetForLeaderTopic.TOPIC, topic)
                        .set(OffsetForLeaderEpochRequest.OffsetForLeaderTopic.PARTITIONS, List.of(
                                Message.of(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.SCHEMA)
                                        .set(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.PARTITION, partition)
                                        .set(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.CURRENT_LEADER_EPOCH,
                                                currentLeaderEpoch)
                                        .set(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.LEADER_EPOCH,
                                                leaderEpoch)))));
    }

    /** ElectLeaders (preferred) of the partitions by topic, or of all with null. */
    static Message electLeaders(Map<String, List<Integer>> partitions) {
        List<Message> topics = null;
        if (partitions != null) {
            topics = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> e : new java.util.TreeMap<>(partitions).entrySet()) {
                topics.add(Message.of(ElectLeadersRequest.TopicPartitions.SCHEMA)
                        .set(ElectLeadersRequest.TopicPartitions.TOPIC, e.getKey())
                        .set(ElectLeadersRequest.TopicPartitions.PARTITIONS, e.getValue()));
            }
        }
        return ElectLeadersRequest.SCHEMA.newMessage().set(ElectLeadersRequest.TOPIC_PARTITIONS, topics);
    }

    /** AlterPartitionReassignments of one partition to {@code replicas} (null: cancel). */
    static Message alterReassignments(String topic, int partition, List<Integer> replicas) {
        return AlterPartitionReassignmentsRequest.SCHEMA.newMessage().set(AlterPartitionReassignmentsRequest.TOPICS,
                List.of(Message.of(AlterPartitionReassignmentsRequest.ReassignableTopic.SCHEMA)
                        .set(AlterPartitionReassignmentsRequest.ReassignableTopic.NAME, topic)
                        .set(AlterPartitionReassignmentsRequest.ReassignableTopic.PARTITIONS, List.of(
                                Message.of(AlterPartitionReassignmentsRequest.ReassignablePartition.SCHEMA)
                                        .set(AlterPartitionReassignmentsRequest.ReassignablePartition.PARTITION_INDEX,
                                                partition)
                                        .set(AlterPartitionReassignmentsRequest.ReassignablePartition.REPLICAS,
                                                replicas)))));
    }

    /** DescribeQuorum of one topic partition. */
    static Message describeQuorum(String topic, int partition) {
        return DescribeQuorumRequest.SCHEMA.newMessage().set(DescribeQuorumRequest.TOPICS, List.of(
                Message.of(DescribeQuorumRequest.TopicData.SCHEMA)
                        .set(DescribeQuorumRequest.TopicData.TOPIC_NAME, topic)
                        .set(DescribeQuorumRequest.TopicData.PARTITIONS, List.of(
                                Message.of(DescribeQuorumRequest.PartitionData.SCHEMA)
                                        .set(DescribeQuorumRequest.PartitionData.PARTITION_INDEX, partition)))));
    }
}
