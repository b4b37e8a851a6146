package io.petrel.broker.internal.fault;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.protocol.schemas.ListOffsetsResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The APIs a partition fault applies to, and where their requests and responses keep topics and partitions: the
 * request's topics (by name, or by id where the version names them so), each topic's partitions and their indexes,
 * and the response's topics, into which a failed partition's error goes. ListOffsets names topics only by name.
 */
enum PartitionedApi {
    PRODUCE(ProduceRequest.TOPIC_DATA, ProduceRequest.TopicProduceData.NAME, ProduceRequest.TopicProduceData.TOPIC_ID,
            ProduceRequest.TopicProduceData.PARTITION_DATA, ProduceRequest.PartitionProduceData.INDEX,
            ProduceResponse.RESPONSES, ProduceResponse.TopicProduceResponse.NAME,
            ProduceResponse.TopicProduceResponse.TOPIC_ID, ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES,
            ErrorResponses::produceTopic, ErrorResponses::producePartition),
    FETCH(FetchRequest.TOPICS, FetchRequest.FetchTopic.TOPIC, FetchRequest.FetchTopic.TOPIC_ID,
            FetchRequest.FetchTopic.PARTITIONS, FetchRequest.FetchPartition.PARTITION,
            FetchResponse.RESPONSES, FetchResponse.FetchableTopicResponse.TOPIC,
            FetchResponse.FetchableTopicResponse.TOPIC_ID, FetchResponse.FetchableTopicResponse.PARTITIONS,
            ErrorResponses::fetchTopic, ErrorResponses::fetchPartition),
    LIST_OFFSETS(ListOffsetsRequest.TOPICS, ListOffsetsRequest.ListOffsetsTopic.NAME, null,
            ListOffsetsRequest.ListOffsetsTopic.PARTITIONS, ListOffsetsRequest.ListOffsetsPartition.PARTITION_INDEX,
            ListOffsetsResponse.TOPICS, ListOffsetsResponse.ListOffsetsTopicResponse.NAME, null,
            ListOffsetsResponse.ListOffsetsTopicResponse.PARTITIONS,
            ErrorResponses::listOffsetsTopic, ErrorResponses::listOffsetsPartition);

    /** Builds a response topic holding the given partitions. */
    @FunctionalInterface
    interface TopicBuilder {
        Message build(String name, UUID id, List<Message> partitions);
    }

    /** Builds a response partition answered with an error. */
    @FunctionalInterface
    interface ErrorPartitionBuilder {
        Message build(int index, ErrorCode error);
    }

    final Field<List<Message>> requestTopics;
    private final Field<String> requestTopicName;
    private final Field<UUID> requestTopicId;
    final Field<List<Message>> requestPartitions;
    private final Field<Integer> requestPartitionIndex;
    final Field<List<Message>> responseTopics;
    final Field<String> responseTopicName;
    final Field<UUID> responseTopicId;
    final Field<List<Message>> responsePartitions;
    private final TopicBuilder errorTopic;
    private final ErrorPartitionBuilder errorPartition;

    PartitionedApi(Field<List<Message>> requestTopics, Field<String> requestTopicName, Field<UUID> requestTopicId,
                   Field<List<Message>> requestPartitions, Field<Integer> requestPartitionIndex,
                   Field<List<Message>> responseTopics, Field<String> responseTopicName, Field<UUID> responseTopicId,
                   Field<List<Message>> responsePartitions, TopicBuilder errorTopic,
                   ErrorPartitionBuilder errorPartition) {
        this.requestTopics = requestTopics;
        this.requestTopicName = requestTopicName;
        this.requestTopicId = requestTopicId;
        this.requestPartitions = requestPartitions;
        this.requestPartitionIndex = requestPartitionIndex;
        this.responseTopics = responseTopics;
        this.responseTopicName = responseTopicName;
        this.responseTopicId = responseTopicId;
        this.responsePartitions = responsePartitions;
        this.errorTopic = errorTopic;
        this.errorPartition = errorPartition;
    }

    /** The API's shape, or empty for an API partition faults do not apply to. */
    static Optional<PartitionedApi> of(ApiKey api) {
        return switch (api) {
            case PRODUCE -> Optional.of(PRODUCE);
            case FETCH -> Optional.of(FETCH);
            case LIST_OFFSETS -> Optional.of(LIST_OFFSETS);
            default -> Optional.empty();
        };
    }

    /** A response topic holding {@code partitions}. */
    Message errorTopic(String name, UUID id, List<Message> partitions) {
        return errorTopic.build(name, id, partitions);
    }

    /** A response partition answered with {@code error}. */
    Message errorPartition(int index, ErrorCode error) {
        return errorPartition.build(index, error);
    }

    String topicName(Message requestTopic) {
        return requestTopic.get(requestTopicName);
    }

    /** The request topic's id; null where the API names topics by name only. */
    UUID topicId(Message requestTopic) {
        return requestTopicId == null ? null : requestTopic.get(requestTopicId);
    }

    int partitionIndex(Message requestPartition) {
        return requestPartition.get(requestPartitionIndex);
    }
}
