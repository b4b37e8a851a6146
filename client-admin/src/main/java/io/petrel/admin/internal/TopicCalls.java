package io.petrel.admin.internal;

import io.petrel.admin.CreateTopicsOptions;
import io.petrel.admin.NewPartitions;
import io.petrel.admin.NewTopic;
import io.petrel.admin.ResourceResults;
import io.petrel.admin.TopicDescription;
import io.petrel.admin.TopicListing;
import io.petrel.admin.TopicPartitionInfo;
import io.petrel.admin.UnknownTopicOrPartitionException;
import io.petrel.client.Node;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.CreatePartitionsRequest;
import io.petrel.protocol.schemas.CreatePartitionsRequest.CreatePartitionsTopic;
import io.petrel.protocol.schemas.CreatePartitionsResponse;
import io.petrel.protocol.schemas.CreatePartitionsResponse.CreatePartitionsTopicResult;
import io.petrel.protocol.schemas.CreateTopicsRequest;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableTopic;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableTopicConfig;
import io.petrel.protocol.schemas.CreateTopicsResponse;
import io.petrel.protocol.schemas.CreateTopicsResponse.CreatableTopicResult;
import io.petrel.protocol.schemas.DeleteTopicsRequest;
import io.petrel.protocol.schemas.DeleteTopicsRequest.DeleteTopicState;
import io.petrel.protocol.schemas.DeleteTopicsResponse;
import io.petrel.protocol.schemas.DeleteTopicsResponse.DeletableTopicResult;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponsePartition;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseTopic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The topic calls: CreateTopics, DeleteTopics and CreatePartitions to any broker (the broker forwards to the
 * controller), Metadata for listing and describing. Each topic's error fails that topic's future only.
 */
final class TopicCalls {
    private static final UUID NO_ID = new UUID(0L, 0L);

    private final AdminRequests requests;

    TopicCalls(AdminRequests requests) {
        this.requests = requests;
    }

    ResourceResults<String, Void> createTopics(Collection<NewTopic> topics, CreateTopicsOptions options) {
        PerResource<String, Void> results = new PerResource<>(topics.stream().map(NewTopic::name).toList(), TopicCalls::topic);
        List<Message> creatable = topics.stream().map(TopicCalls::creatable).toList();
        return results.settle(requests.retrying("CreateTopics", () -> requests.toAny(ApiKey.CREATE_TOPICS,
                version -> CreateTopicsRequest.SCHEMA.newMessage()
                        .set(CreateTopicsRequest.TOPICS, creatable)
                        .set(CreateTopicsRequest.TIMEOUT_MS, requests.timeoutMs())
                        .set(CreateTopicsRequest.VALIDATE_ONLY, options.validateOnly()))), (response, r) -> {
            for (Message t : response.body().get(CreateTopicsResponse.TOPICS)) {
                r.completeOrFail(t.get(CreatableTopicResult.NAME), t.get(CreatableTopicResult.ERROR_CODE),
                        t.get(CreatableTopicResult.ERROR_MESSAGE), null);
            }
        });
    }

    private static Message creatable(NewTopic topic) {
        List<Message> configs = new ArrayList<>();
        topic.configs().forEach((k, v) -> configs.add(Message.of(CreatableTopicConfig.SCHEMA)
                .set(CreatableTopicConfig.NAME, k).set(CreatableTopicConfig.VALUE, v)));
        return Message.of(CreatableTopic.SCHEMA)
                .set(CreatableTopic.NAME, topic.name())
                .set(CreatableTopic.NUM_PARTITIONS, topic.numPartitions().orElse(-1))
                .set(CreatableTopic.REPLICATION_FACTOR, topic.replicationFactor().orElse((short) -1))
                .set(CreatableTopic.ASSIGNMENTS, List.of())
                .set(CreatableTopic.CONFIGS, configs);
    }

    ResourceResults<String, Void> deleteTopics(Collection<String> topics) {
        PerResource<String, Void> results = new PerResource<>(topics, TopicCalls::topic);
        return results.settle(requests.retrying("DeleteTopics", () -> requests.toAny(ApiKey.DELETE_TOPICS, version -> {
            Message request = DeleteTopicsRequest.SCHEMA.newMessage().set(DeleteTopicsRequest.TIMEOUT_MS, requests.timeoutMs());
            if (version >= 6) {
                return request.set(DeleteTopicsRequest.TOPICS, topics.stream().map(t -> Message.of(DeleteTopicState.SCHEMA)
                        .set(DeleteTopicState.NAME, t).set(DeleteTopicState.TOPIC_ID, NO_ID)).toList());
            }
            return request.set(DeleteTopicsRequest.TOPIC_NAMES, List.copyOf(topics));
        })), (response, r) -> {
            for (Message t : response.body().get(DeleteTopicsResponse.RESPONSES)) {
                r.completeOrFail(t.get(DeletableTopicResult.NAME), t.get(DeletableTopicResult.ERROR_CODE),
                        t.get(DeletableTopicResult.ERROR_MESSAGE), null);
            }
        });
    }

    CompletableFuture<Map<String, TopicListing>> listTopics(boolean listInternal) {
        return requests.retrying("Metadata", () -> requests.metadata(null)).thenApply(response -> {
            Map<String, TopicListing> listings = new TreeMap<>();
            for (Message t : response.body().get(MetadataResponse.TOPICS)) {
                boolean internal = t.get(MetadataResponseTopic.IS_INTERNAL);
                if (listInternal || !internal) {
                    String name = t.get(MetadataResponseTopic.NAME);
                    listings.put(name, new TopicListing(name, idOf(t), internal));
                }
            }
            return listings;
        });
    }

    ResourceResults<String, TopicDescription> describeTopics(Collection<String> topics) {
        PerResource<String, TopicDescription> results = new PerResource<>(topics, TopicCalls::topic);
        return results.settle(requests.retrying("Metadata", () -> requests.metadata(topics)), (response, r) -> {
            Map<Integer, Node> brokers = AdminRequests.brokersOf(response.body());
            for (Message t : response.body().get(MetadataResponse.TOPICS)) {
                String name = t.get(MetadataResponseTopic.NAME);
                short error = t.get(MetadataResponseTopic.ERROR_CODE);
                if (error == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code()) {
                    r.fail(name, new UnknownTopicOrPartitionException(topic(name) + " does not exist"));
                } else {
                    r.completeOrFail(name, error, null, describe(t, brokers));
                }
            }
        });
    }

    private static TopicDescription describe(Message t, Map<Integer, Node> brokers) {
        List<TopicPartitionInfo> partitions = new ArrayList<>();
        for (Message p : t.get(MetadataResponseTopic.PARTITIONS)) {
            int leader = p.get(MetadataResponsePartition.LEADER_ID);
            partitions.add(new TopicPartitionInfo(p.get(MetadataResponsePartition.PARTITION_INDEX),
                    leader < 0 ? null : node(brokers, leader), nodes(brokers, p.get(MetadataResponsePartition.REPLICA_NODES)),
                    nodes(brokers, p.get(MetadataResponsePartition.ISR_NODES))));
        }
        partitions.sort(Comparator.comparingInt(TopicPartitionInfo::partition));
        return new TopicDescription(t.get(MetadataResponseTopic.NAME), t.get(MetadataResponseTopic.IS_INTERNAL),
                partitions, idOf(t));
    }

    private static List<Node> nodes(Map<Integer, Node> brokers, List<Integer> ids) {
        return ids.stream().map(id -> node(brokers, id)).toList();
    }

    /** A replica on a broker the response does not list (offline) keeps its id, without an address. */
    private static Node node(Map<Integer, Node> brokers, int id) {
        Node known = brokers.get(id);
        return known != null ? known : new Node(id, "", -1, null);
    }

    private static UUID idOf(Message t) {
        UUID id = t.get(MetadataResponseTopic.TOPIC_ID);
        return id == null || NO_ID.equals(id) ? null : id;
    }

    ResourceResults<String, Void> createPartitions(Map<String, NewPartitions> newPartitions) {
        PerResource<String, Void> results = new PerResource<>(newPartitions.keySet(), TopicCalls::topic);
        List<Message> topics = new ArrayList<>();
        newPartitions.forEach((name, p) -> topics.add(Message.of(CreatePartitionsTopic.SCHEMA)
                .set(CreatePartitionsTopic.NAME, name)
                .set(CreatePartitionsTopic.COUNT, p.totalCount())
                .set(CreatePartitionsTopic.ASSIGNMENTS, null)));
        return results.settle(requests.retrying("CreatePartitions", () -> requests.toAny(ApiKey.CREATE_PARTITIONS,
                version -> CreatePartitionsRequest.SCHEMA.newMessage()
                        .set(CreatePartitionsRequest.TOPICS, topics)
                        .set(CreatePartitionsRequest.TIMEOUT_MS, requests.timeoutMs())
                        .set(CreatePartitionsRequest.VALIDATE_ONLY, false))), (response, r) -> {
            for (Message t : response.body().get(CreatePartitionsResponse.RESULTS)) {
                r.completeOrFail(t.get(CreatePartitionsTopicResult.NAME), t.get(CreatePartitionsTopicResult.ERROR_CODE),
                        t.get(CreatePartitionsTopicResult.ERROR_MESSAGE), null);
            }
        });
    }

    static String topic(String name) {
        return "Topic '" + name + "'";
    }
}
