package io.petrel.broker.internal.fault;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Error answers built from a request rather than by serving it: every partition of a Produce or Fetch
 * gets the error, other APIs get it in their top-level error code. Used by fault injection, and by the
 * network layer when a request cannot be served at all.
 */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    /** Whether the API's response has a top-level ErrorCode field. */
    public static boolean hasTopLevelErrorCode(ApiKey api) {
        return topLevelErrorCode(api) != null;
    }

    /** The whole response to {@code request}, every part of it failed with {@code error}. */
    public static Message forRequest(ApiKey api, Message request, ErrorCode error) {
        return switch (api) {
            case PRODUCE -> produce(request, error);
            case FETCH -> fetch(request, error);
            default -> {
                Message response = api.responseSchema().newMessage();
                @SuppressWarnings("unchecked")
                Field<Short> errorCode = (Field<Short>) Objects.requireNonNull(topLevelErrorCode(api),
                        () -> api.apiName() + " has no top-level error code");
                yield response.set(errorCode, error.code());
            }
        };
    }

    private static Field<?> topLevelErrorCode(ApiKey api) {
        return api.responseSchema().body().fields().stream()
                .filter(f -> f.name().equals("ErrorCode")).findFirst().orElse(null);
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
                .set(ProduceResponse.PartitionProduceResponse.ERROR_MESSAGE, "Injected fault: " + error.name());
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
}
