package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.log.PartitionLog;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.protocol.schemas.ListOffsetsRequest.ListOffsetsPartition;
import io.petrel.protocol.schemas.ListOffsetsRequest.ListOffsetsTopic;
import io.petrel.protocol.schemas.ListOffsetsResponse;
import io.petrel.protocol.schemas.ListOffsetsResponse.ListOffsetsPartitionResponse;
import io.petrel.protocol.schemas.ListOffsetsResponse.ListOffsetsTopicResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Answers ListOffsets (v1-11): the offset for a timestamp, or for one of Kafka's special timestamps.
 *
 * <ul>
 *   <li>-2 earliest, and -4 earliest local: the log start offset (all of the log is local here).</li>
 *   <li>-1 latest: the high watermark (read_committed gives the same: the last stable offset is the high
 *       watermark without transactions).</li>
 *   <li>-3 max timestamp: the offset and timestamp of the record with the largest timestamp; -1 and -1
 *       for an empty log.</li>
 *   <li>-5 latest tiered and -6 earliest pending upload: offset -1, as Kafka answers for a topic without
 *       tiered storage.</li>
 *   <li>any other value: the first offset whose record has a timestamp at or after it, or offset -1 and
 *       timestamp -1 when there is none (a negative value below the special ones finds the first offset,
 *       as in Kafka).</li>
 * </ul>
 * Every offset found carries leader epoch 0 (v4+), the only epoch here; "no offset" answers carry -1.
 */
public final class ListOffsetsHandler implements RequestHandler {
    static final long LATEST = -1;
    static final long EARLIEST = -2;
    static final long MAX_TIMESTAMP = -3;
    static final long EARLIEST_LOCAL = -4;
    static final long LATEST_TIERED = -5;
    static final long EARLIEST_PENDING_UPLOAD = -6;

    private static final Logger log = LoggerFactory.getLogger(ListOffsetsHandler.class);

    private final TopicRegistry topics;
    private final RequestAuthorizer access;

    public ListOffsetsHandler(TopicRegistry topics, RequestAuthorizer access) {
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.LIST_OFFSETS;
    }

    @Override
    public Versions versions() {
        return ApiKey.LIST_OFFSETS.versions();
    }

    /** One partition's answer. */
    private record Found(ErrorCode error, long timestamp, long offset, int leaderEpoch) {
        static Found none() {
            return new Found(ErrorCode.NONE, -1L, -1L, -1);
        }

        static Found error(ErrorCode error) {
            return new Found(error, -1L, -1L, -1);
        }

        /** Kafka reports the epoch the offset was written in (for the log end: the current epoch). */
        static Found at(long timestamp, long offset, PartitionLog partitionLog) {
            return new Found(ErrorCode.NONE, timestamp, offset, partitionLog.epochForOffset(offset));
        }
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> listOffsets(context, request));
    }

    /** A topic the client may not DESCRIBE is TOPIC_AUTHORIZATION_FAILED, as in Kafka. */
    private Message listOffsets(RequestContext context, Message request) {
        short version = context.apiVersion();
        boolean readCommitted = version >= 2 && request.get(ListOffsetsRequest.ISOLATION_LEVEL) == 1;
        List<Message> topicResponses = new ArrayList<>();
        for (Message t : request.get(ListOffsetsRequest.TOPICS)) {
            String name = t.get(ListOffsetsTopic.NAME);
            Optional<Topic> topic = topics.topic(name);
            boolean authorized = access.allowedOnTopic(context, AclOperation.DESCRIBE, name);
            List<Message> partitions = new ArrayList<>();
            for (Message p : t.get(ListOffsetsTopic.PARTITIONS)) {
                int index = p.get(ListOffsetsPartition.PARTITION_INDEX);
                Found found;
                ErrorCode epochError = version >= 4
                        ? LeaderEpochCheck.check(LeaderEpochCheck.epoch(topics, name, index),
                        p.get(ListOffsetsPartition.CURRENT_LEADER_EPOCH)) : null;
                if (!authorized) {
                    found = Found.error(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
                } else if (topic.isEmpty() || !topic.get().hasPartition(index)) {
                    found = Found.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                } else if (epochError != null) {
                    found = Found.error(epochError);
                } else {
                    found = lookUp(name, index, p.get(ListOffsetsPartition.TIMESTAMP), readCommitted);
                }
                Message response = Message.of(ListOffsetsPartitionResponse.SCHEMA)
                        .set(ListOffsetsPartitionResponse.PARTITION_INDEX, index)
                        .set(ListOffsetsPartitionResponse.ERROR_CODE, found.error().code())
                        .set(ListOffsetsPartitionResponse.TIMESTAMP, found.timestamp())
                        .set(ListOffsetsPartitionResponse.OFFSET, found.offset());
                if (version >= 4) {
                    response.set(ListOffsetsPartitionResponse.LEADER_EPOCH, found.leaderEpoch());
                }
                partitions.add(response);
            }
            topicResponses.add(Message.of(ListOffsetsTopicResponse.SCHEMA)
                    .set(ListOffsetsTopicResponse.NAME, name)
                    .set(ListOffsetsTopicResponse.PARTITIONS, partitions));
        }
        return ListOffsetsResponse.SCHEMA.newMessage()
                .set(ListOffsetsResponse.THROTTLE_TIME_MS, 0)
                .set(ListOffsetsResponse.TOPICS, topicResponses);
    }

    private Found lookUp(String topic, int partition, long timestamp, boolean readCommitted) {
        try {
            PartitionLog partitionLog = topics.partition(topic, partition);
            if (timestamp == EARLIEST || timestamp == EARLIEST_LOCAL) {
                return Found.at(-1L, partitionLog.logStartOffset(), partitionLog);
            }
            if (timestamp == LATEST) {
                return Found.at(-1L, readCommitted ? partitionLog.lastStableOffset() : partitionLog.highWatermark(),
                        partitionLog);
            }
            if (timestamp == LATEST_TIERED || timestamp == EARLIEST_PENDING_UPLOAD) {
                return Found.none();
            }
            Optional<PartitionLog.TimestampOffset> result = timestamp == MAX_TIMESTAMP
                    ? partitionLog.maxTimestampOffset() : partitionLog.offsetForTimestamp(timestamp);
            return result.map(r -> Found.at(r.timestamp(), r.offset(), partitionLog)).orElseGet(Found::none);
        } catch (TopicException e) {
            return Found.error(e.errorCode());
        } catch (IOException e) {
            if (topics.topic(topic).isEmpty()) {
                return Found.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            }
            log.error("Could not look up timestamp {} in partition {}-{}", timestamp, topic, partition, e);
            return Found.error(ErrorCode.KAFKA_STORAGE_ERROR);
        }
    }
}
