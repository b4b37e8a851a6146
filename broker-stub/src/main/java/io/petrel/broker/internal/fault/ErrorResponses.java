package io.petrel.broker.internal.fault;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest;
import io.petrel.protocol.schemas.AddPartitionsToTxnResponse;
import io.petrel.protocol.schemas.DescribeLogDirsResponse;
import io.petrel.protocol.schemas.ElectLeadersRequest;
import io.petrel.protocol.schemas.ElectLeadersResponse;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.FindCoordinatorResponse;
import io.petrel.protocol.schemas.ListOffsetsResponse;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Error answers built from a request rather than by serving it: every partition of a Produce or Fetch
 * gets the error, other APIs get it where the request's version of the response carries a request-wide
 * error. Used by fault injection, and by the network layer when a request cannot be served at all.
 *
 * <p>Some APIs moved that error between versions, and the answer follows the version the client speaks:
 * FindCoordinator v4+ puts it on each requested coordinator key, OffsetFetch v8+ on each group and v1 on
 * each requested partition, Metadata on each requested topic (and from v13 also in its top-level error).
 * A Metadata request for all topics before v13 has nowhere to carry it and is answered with no topics.
 * AddPartitionsToTxn up to v3 carries it on each requested partition, from v4 request-wide.
 */
public final class ErrorResponses {
    private static final String TOP_LEVEL_ERROR = "ErrorCode";
    private static final String TOP_LEVEL_MESSAGE = "ErrorMessage";

    private ErrorResponses() {
    }

    /** Whether some version of the API's response has a request-wide ErrorCode field. */
    public static boolean hasTopLevelErrorCode(ApiKey api) {
        return topLevel(api, TOP_LEVEL_ERROR) != null;
    }

    /** The whole response to {@code request} at {@code version}, every part of it failed with {@code error}. */
    public static Message forRequest(ApiKey api, short version, Message request, ErrorCode error) {
        return switch (api) {
            case PRODUCE -> produce(request, error);
            case FETCH -> fetch(request, error);
            case FIND_COORDINATOR -> version >= 4 ? findCoordinators(request, error) : findCoordinator(version, error);
            case OFFSET_FETCH -> version >= 8 ? offsetFetchGroups(request, error)
                    : version >= 2 ? topLevel(api, version, error) : offsetFetchPartitions(request, error);
            case METADATA -> metadata(version, request, error);
            case ADD_PARTITIONS_TO_TXN -> version >= 4 ? topLevel(api, version, error) : addPartitionsToTxn(request, error);
            case DESCRIBE_LOG_DIRS -> version >= 3 ? topLevel(api, version, error) : describeLogDirs(error);
            case ELECT_LEADERS -> version >= 1 ? topLevel(api, version, error) : electLeaders(request, error);
            default -> topLevel(api, version, error);
        };
    }

    /** A response with only its request-wide error (and message, where the version has one) set. */
    private static Message topLevel(ApiKey api, short version, ErrorCode error) {
        Field<Short> errorCode = field(api, TOP_LEVEL_ERROR);
        if (errorCode == null || !errorCode.versions().contains(version)) {
            throw new IllegalStateException(api.apiName() + " v" + version + " responses have no request-wide error code");
        }
        Message response = api.responseSchema().newMessage().set(errorCode, error.code());
        Field<String> message = field(api, TOP_LEVEL_MESSAGE);
        if (message != null && message.versions().contains(version)) {
            response.set(message, injected(error));
        }
        return response;
    }

    private static Field<?> topLevel(ApiKey api, String name) {
        return api.responseSchema().body().fields().stream()
                .filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static <T> Field<T> field(ApiKey api, String name) {
        return (Field<T>) topLevel(api, name);
    }

    private static String injected(ErrorCode error) {
        return "Injected fault: " + error.name();
    }

    private static Message findCoordinator(short version, ErrorCode error) {
        return topLevel(ApiKey.FIND_COORDINATOR, version, error)
                .set(FindCoordinatorResponse.NODE_ID, -1)
                .set(FindCoordinatorResponse.HOST, "")
                .set(FindCoordinatorResponse.PORT, -1);
    }

    private static Message findCoordinators(Message request, ErrorCode error) {
        List<Message> coordinators = new ArrayList<>();
        for (String key : request.get(FindCoordinatorRequest.COORDINATOR_KEYS)) {
            coordinators.add(Message.of(FindCoordinatorResponse.Coordinator.SCHEMA)
                    .set(FindCoordinatorResponse.Coordinator.KEY, key)
                    .set(FindCoordinatorResponse.Coordinator.NODE_ID, -1)
                    .set(FindCoordinatorResponse.Coordinator.HOST, "")
                    .set(FindCoordinatorResponse.Coordinator.PORT, -1)
                    .set(FindCoordinatorResponse.Coordinator.ERROR_CODE, error.code())
                    .set(FindCoordinatorResponse.Coordinator.ERROR_MESSAGE, injected(error)));
        }
        return FindCoordinatorResponse.SCHEMA.newMessage().set(FindCoordinatorResponse.COORDINATORS, coordinators);
    }

    /** DescribeLogDirs v1-2 has errors only per log directory: one unnamed directory carries it. */
    private static Message describeLogDirs(ErrorCode error) {
        return DescribeLogDirsResponse.SCHEMA.newMessage().set(DescribeLogDirsResponse.RESULTS, List.of(
                Message.of(DescribeLogDirsResponse.DescribeLogDirsResult.SCHEMA)
                        .set(DescribeLogDirsResponse.DescribeLogDirsResult.ERROR_CODE, error.code())
                        .set(DescribeLogDirsResponse.DescribeLogDirsResult.LOG_DIR, "")
                        .set(DescribeLogDirsResponse.DescribeLogDirsResult.TOPICS, new ArrayList<>())));
    }

    /** ElectLeaders v0 has errors only per partition: every requested one gets it (a request for all has none). */
    private static Message electLeaders(Message request, ErrorCode error) {
        List<Message> topics = new ArrayList<>();
        List<Message> requested = request.get(ElectLeadersRequest.TOPIC_PARTITIONS);
        for (Message topic : requested == null ? List.<Message>of() : requested) {
            List<Message> partitions = new ArrayList<>();
            for (int index : topic.get(ElectLeadersRequest.TopicPartitions.PARTITIONS)) {
                partitions.add(Message.of(ElectLeadersResponse.PartitionResult.SCHEMA)
                        .set(ElectLeadersResponse.PartitionResult.PARTITION_ID, index)
                        .set(ElectLeadersResponse.PartitionResult.ERROR_CODE, error.code())
                        .set(ElectLeadersResponse.PartitionResult.ERROR_MESSAGE, injected(error)));
            }
            topics.add(Message.of(ElectLeadersResponse.ReplicaElectionResult.SCHEMA)
                    .set(ElectLeadersResponse.ReplicaElectionResult.TOPIC, topic.get(ElectLeadersRequest.TopicPartitions.TOPIC))
                    .set(ElectLeadersResponse.ReplicaElectionResult.PARTITION_RESULT, partitions));
        }
        return ElectLeadersResponse.SCHEMA.newMessage().set(ElectLeadersResponse.REPLICA_ELECTION_RESULTS, topics);
    }

    /** AddPartitionsToTxn v0-3 has errors only per partition: every requested partition gets it. */
    private static Message addPartitionsToTxn(Message request, ErrorCode error) {
        List<Message> topics = new ArrayList<>();
        for (Message topic : request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS)) {
            List<Message> partitions = new ArrayList<>();
            for (int index : topic.get(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.PARTITIONS)) {
                partitions.add(Message.of(AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.SCHEMA)
                        .set(AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.PARTITION_INDEX, index)
                        .set(AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE,
                                error.code()));
            }
            topics.add(Message.of(AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.SCHEMA)
                    .set(AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.NAME,
                            topic.get(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.NAME))
                    .set(AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION, partitions));
        }
        return AddPartitionsToTxnResponse.SCHEMA.newMessage()
                .set(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW, topics);
    }

    private static Message offsetFetchGroups(Message request, ErrorCode error) {
        List<Message> groups = new ArrayList<>();
        for (Message group : request.get(OffsetFetchRequest.GROUPS)) {
            groups.add(Message.of(OffsetFetchResponse.OffsetFetchResponseGroup.SCHEMA)
                    .set(OffsetFetchResponse.OffsetFetchResponseGroup.GROUP_ID,
                            group.get(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID))
                    .set(OffsetFetchResponse.OffsetFetchResponseGroup.TOPICS, new ArrayList<>())
                    .set(OffsetFetchResponse.OffsetFetchResponseGroup.ERROR_CODE, error.code()));
        }
        return OffsetFetchResponse.SCHEMA.newMessage().set(OffsetFetchResponse.GROUPS, groups);
    }

    /** OffsetFetch v1 has errors only per partition: every requested partition gets it. */
    private static Message offsetFetchPartitions(Message request, ErrorCode error) {
        List<Message> topics = new ArrayList<>();
        List<Message> requested = request.get(OffsetFetchRequest.TOPICS);
        for (Message topic : requested == null ? List.<Message>of() : requested) {
            List<Message> partitions = new ArrayList<>();
            for (int index : topic.get(OffsetFetchRequest.OffsetFetchRequestTopic.PARTITION_INDEXES)) {
                partitions.add(Message.of(OffsetFetchResponse.OffsetFetchResponsePartition.SCHEMA)
                        .set(OffsetFetchResponse.OffsetFetchResponsePartition.PARTITION_INDEX, index)
                        .set(OffsetFetchResponse.OffsetFetchResponsePartition.COMMITTED_OFFSET, -1L)
                        .set(OffsetFetchResponse.OffsetFetchResponsePartition.METADATA, "")
                        .set(OffsetFetchResponse.OffsetFetchResponsePartition.ERROR_CODE, error.code()));
            }
            topics.add(Message.of(OffsetFetchResponse.OffsetFetchResponseTopic.SCHEMA)
                    .set(OffsetFetchResponse.OffsetFetchResponseTopic.NAME,
                            topic.get(OffsetFetchRequest.OffsetFetchRequestTopic.NAME))
                    .set(OffsetFetchResponse.OffsetFetchResponseTopic.PARTITIONS, partitions));
        }
        return OffsetFetchResponse.SCHEMA.newMessage().set(OffsetFetchResponse.TOPICS, topics);
    }

    /**
     * Metadata: each requested topic carries the error, as in Kafka's own error response; from v13 the
     * top-level error code too, which also reaches a request for all topics (and is where a client looks
     * for REBOOTSTRAP_REQUIRED).
     */
    private static Message metadata(short version, Message request, ErrorCode error) {
        List<Message> topics = new ArrayList<>();
        List<Message> requested = request.get(MetadataRequest.TOPICS);
        for (Message topic : requested == null ? List.<Message>of() : requested) {
            Message answer = Message.of(MetadataResponse.MetadataResponseTopic.SCHEMA)
                    .set(MetadataResponse.MetadataResponseTopic.ERROR_CODE, error.code())
                    .set(MetadataResponse.MetadataResponseTopic.NAME, topic.get(MetadataRequest.MetadataRequestTopic.NAME))
                    .set(MetadataResponse.MetadataResponseTopic.PARTITIONS, new ArrayList<>());
            if (version >= 10) {
                answer.set(MetadataResponse.MetadataResponseTopic.TOPIC_ID, topic.get(MetadataRequest.MetadataRequestTopic.TOPIC_ID));
            }
            topics.add(answer);
        }
        Message response = MetadataResponse.SCHEMA.newMessage()
                .set(MetadataResponse.BROKERS, new ArrayList<>())
                .set(MetadataResponse.TOPICS, topics);
        if (version >= 13) {
            response.set(MetadataResponse.ERROR_CODE, error.code());
        }
        return response;
    }

    private static Message produce(Message request, ErrorCode error) {
        List<Message> topics = new ArrayList<>();
        for (Message topic : request.get(ProduceRequest.TOPIC_DATA)) {
            List<Message> partitions = new ArrayList<>();
            for (Message p : topic.get(ProduceRequest.TopicProduceData.PARTITION_DATA)) {
                partitions.add(producePartition(p.get(ProduceRequest.PartitionProduceData.INDEX), error));
            }
            topics.add(produceTopic(topic.get(ProduceRequest.TopicProduceData.NAME),
                    topic.get(ProduceRequest.TopicProduceData.TOPIC_ID), partitions));
        }
        return ProduceResponse.SCHEMA.newMessage().set(ProduceResponse.RESPONSES, topics);
    }

    static Message produceTopic(String name, UUID id, List<Message> partitions) {
        return Message.of(ProduceResponse.TopicProduceResponse.SCHEMA)
                .set(ProduceResponse.TopicProduceResponse.NAME, name)
                .set(ProduceResponse.TopicProduceResponse.TOPIC_ID, id)
                .set(ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES, partitions);
    }

    static Message producePartition(int index, ErrorCode error) {
        return Message.of(ProduceResponse.PartitionProduceResponse.SCHEMA)
                .set(ProduceResponse.PartitionProduceResponse.INDEX, index)
                .set(ProduceResponse.PartitionProduceResponse.ERROR_CODE, error.code())
                .set(ProduceResponse.PartitionProduceResponse.BASE_OFFSET, -1L)
                .set(ProduceResponse.PartitionProduceResponse.ERROR_MESSAGE, injected(error));
    }

    private static Message fetch(Message request, ErrorCode error) {
        List<Message> topics = new ArrayList<>();
        for (Message topic : request.get(FetchRequest.TOPICS)) {
            List<Message> partitions = new ArrayList<>();
            for (Message p : topic.get(FetchRequest.FetchTopic.PARTITIONS)) {
                partitions.add(fetchPartition(p.get(FetchRequest.FetchPartition.PARTITION), error));
            }
            topics.add(fetchTopic(topic.get(FetchRequest.FetchTopic.TOPIC), topic.get(FetchRequest.FetchTopic.TOPIC_ID),
                    partitions));
        }
        return FetchResponse.SCHEMA.newMessage().set(FetchResponse.RESPONSES, topics);
    }

    static Message fetchTopic(String name, UUID id, List<Message> partitions) {
        return Message.of(FetchResponse.FetchableTopicResponse.SCHEMA)
                .set(FetchResponse.FetchableTopicResponse.TOPIC, name)
                .set(FetchResponse.FetchableTopicResponse.TOPIC_ID, id)
                .set(FetchResponse.FetchableTopicResponse.PARTITIONS, partitions);
    }

    static Message fetchPartition(int index, ErrorCode error) {
        return Message.of(FetchResponse.PartitionData.SCHEMA)
                .set(FetchResponse.PartitionData.PARTITION_INDEX, index)
                .set(FetchResponse.PartitionData.ERROR_CODE, error.code())
                .set(FetchResponse.PartitionData.HIGH_WATERMARK, -1L)
                .set(FetchResponse.PartitionData.RECORDS, ByteBuffer.allocate(0));
    }

    /** A ListOffsets response topic; ListOffsets names topics by name only, so {@code id} is not used. */
    static Message listOffsetsTopic(String name, UUID id, List<Message> partitions) {
        return Message.of(ListOffsetsResponse.ListOffsetsTopicResponse.SCHEMA)
                .set(ListOffsetsResponse.ListOffsetsTopicResponse.NAME, name)
                .set(ListOffsetsResponse.ListOffsetsTopicResponse.PARTITIONS, partitions);
    }

    static Message listOffsetsPartition(int index, ErrorCode error) {
        return Message.of(ListOffsetsResponse.ListOffsetsPartitionResponse.SCHEMA)
                .set(ListOffsetsResponse.ListOffsetsPartitionResponse.PARTITION_INDEX, index)
                .set(ListOffsetsResponse.ListOffsetsPartitionResponse.ERROR_CODE, error.code());
    }
}
