package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.log.OffsetOutOfRangeException;
import io.petrel.broker.internal.log.PartitionLog;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicConfigDefinitions;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DeleteRecordsRequest;
import io.petrel.protocol.schemas.DeleteRecordsRequest.DeleteRecordsPartition;
import io.petrel.protocol.schemas.DeleteRecordsRequest.DeleteRecordsTopic;
import io.petrel.protocol.schemas.DeleteRecordsResponse;
import io.petrel.protocol.schemas.DeleteRecordsResponse.DeleteRecordsPartitionResult;
import io.petrel.protocol.schemas.DeleteRecordsResponse.DeleteRecordsTopicResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DeleteRecords (v0-2): moves each partition's log start offset up to the offset asked (-1: the high
 * watermark), as Kafka does; the new start is persisted, and Fetch and ListOffsets honour it at once.
 *
 * <p>Per partition, as Kafka answers: UNKNOWN_TOPIC_OR_PARTITION; OFFSET_OUT_OF_RANGE for an offset below -1 or
 * past the high watermark; POLICY_VIOLATION when the topic's cleanup.policy lacks delete (records of a
 * compact-only topic cannot be deleted); KAFKA_STORAGE_ERROR when the log cannot be written. With an authorizer,
 * DELETE on the topic is needed, else TOPIC_AUTHORIZATION_FAILED (before anything else, as in Kafka). The low watermark
 * answered is the log start offset after, -1 on error.
 */
public final class DeleteRecordsHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(DeleteRecordsHandler.class);

    private final TopicRegistry topics;
    private final RequestAuthorizer access;

    public DeleteRecordsHandler(TopicRegistry topics, RequestAuthorizer access) {
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DELETE_RECORDS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DELETE_RECORDS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> deleteRecords(context, request));
    }

    private Message deleteRecords(RequestContext context, Message request) {
        List<Message> topicResults = new ArrayList<>();
        for (Message t : request.get(DeleteRecordsRequest.TOPICS)) {
            String name = t.get(DeleteRecordsTopic.NAME);
            Optional<Topic> topic = topics.topic(name);
            boolean allowed = access.allowedOnTopic(context, AclOperation.DELETE, name);
            List<Message> partitions = new ArrayList<>();
            for (Message p : t.get(DeleteRecordsTopic.PARTITIONS)) {
                int index = p.get(DeleteRecordsPartition.PARTITION_INDEX);
                long lowWatermark = -1;
                ErrorCode error;
                if (!allowed) {
                    error = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
                } else if (topic.isEmpty() || !topic.get().hasPartition(index)) {
                    error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (!TopicConfigDefinitions.compactionConfig(topic.get()).delete()) {
                    error = ErrorCode.POLICY_VIOLATION;
                } else {
                    try {
                        lowWatermark = deleteBefore(name, index, p.get(DeleteRecordsPartition.OFFSET));
                        error = ErrorCode.NONE;
                    } catch (OffsetOutOfRangeException e) {
                        error = ErrorCode.OFFSET_OUT_OF_RANGE;
                    } catch (TopicException e) {
                        error = e.errorCode();
                    } catch (IOException e) {
                        log.warn("DeleteRecords on {}-{} failed", name, index, e);
                        error = ErrorCode.KAFKA_STORAGE_ERROR;
                    }
                }
                partitions.add(Message.of(DeleteRecordsPartitionResult.SCHEMA)
                        .set(DeleteRecordsPartitionResult.PARTITION_INDEX, index)
                        .set(DeleteRecordsPartitionResult.LOW_WATERMARK, lowWatermark)
                        .set(DeleteRecordsPartitionResult.ERROR_CODE, error.code()));
            }
            topicResults.add(Message.of(DeleteRecordsTopicResult.SCHEMA)
                    .set(DeleteRecordsTopicResult.NAME, name)
                    .set(DeleteRecordsTopicResult.PARTITIONS, partitions));
        }
        return DeleteRecordsResponse.SCHEMA.newMessage()
                .set(DeleteRecordsResponse.THROTTLE_TIME_MS, 0)
                .set(DeleteRecordsResponse.TOPICS, topicResults);
    }

    private long deleteBefore(String topic, int partition, long offset)
            throws TopicException, IOException, OffsetOutOfRangeException {
        PartitionLog partitionLog = topics.partition(topic, partition);
        return partitionLog.deleteRecordsBefore(offset);
    }
}
