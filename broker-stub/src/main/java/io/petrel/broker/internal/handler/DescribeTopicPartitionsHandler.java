package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicNames;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeTopicPartitionsRequest;
import io.petrel.protocol.schemas.DescribeTopicPartitionsResponse;
import io.petrel.protocol.schemas.DescribeTopicPartitionsResponse.Cursor;
import io.petrel.protocol.schemas.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponsePartition;
import io.petrel.protocol.schemas.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponseTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeTopicPartitions (v0), the paged Metadata that kafka-clients 4.x's Admin describeTopics uses:
 * topics in name order, at most ResponsePartitionLimit partitions per answer (capped at Kafka's
 * max.request.partition.size.limit, 2000), and a NextCursor naming the topic and partition to ask for next
 * when the limit cut the answer short.
 *
 * <p>As Kafka: an empty topic list means every topic the requester may DESCRIBE (others left out); a named
 * topic without DESCRIBE is TOPIC_AUTHORIZATION_FAILED with no id, an unknown one UNKNOWN_TOPIC_OR_PARTITION
 * (INVALID_TOPIC_EXCEPTION for a name that could never exist); topics named before the cursor's are skipped, and
 * a named list that leaves out the cursor's topic is INVALID_REQUEST on every topic.
 */
public final class DescribeTopicPartitionsHandler implements RequestHandler {
    /** Kafka's max.request.partition.size.limit default. */
    static final int MAX_PARTITIONS_PER_RESPONSE = 2000;

    private final TopicRegistry topics;
    private final BrokerIdentity identity;
    private final RequestAuthorizer access;

    public DescribeTopicPartitionsHandler(TopicRegistry topics, BrokerIdentity identity, RequestAuthorizer access) {
        this.topics = topics;
        this.identity = identity;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_TOPIC_PARTITIONS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_TOPIC_PARTITIONS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describe(context, request));
    }

    private Message describe(RequestContext context, Message request) {
        List<Message> named = request.get(DescribeTopicPartitionsRequest.TOPICS);
        Message cursor = request.get(DescribeTopicPartitionsRequest.CURSOR);
        String cursorTopic = cursor == null ? "" : cursor.get(DescribeTopicPartitionsRequest.Cursor.TOPIC_NAME);
        boolean all = named.isEmpty();
        TreeSet<String> wanted = new TreeSet<>();
        if (all) {
            topics.topics().forEach(t -> wanted.add(t.name()));
        } else {
            named.forEach(t -> wanted.add(t.get(DescribeTopicPartitionsRequest.TopicRequest.NAME)));
        }
        wanted.headSet(cursorTopic, false).clear();
        if (!all && cursor != null && !wanted.contains(cursorTopic)) {
            return invalidRequest(named);
        }
        List<Message> unauthorized = new ArrayList<>();
        List<String> authorized = new ArrayList<>();
        for (String name : wanted) {
            if (access.allowedOnTopic(context, AclOperation.DESCRIBE, name)) {
                authorized.add(name);
            } else if (!all) {
                unauthorized.add(topicError(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED));
            }
        }
        int firstPartition = cursor == null ? 0 : Math.max(0, cursor.get(DescribeTopicPartitionsRequest.Cursor.PARTITION_INDEX));
        int limit = Math.min(MAX_PARTITIONS_PER_RESPONSE, request.get(DescribeTopicPartitionsRequest.RESPONSE_PARTITION_LIMIT));
        Message response = page(context, authorized, cursorTopic, firstPartition, limit, all);
        response.get(DescribeTopicPartitionsResponse.TOPICS).addAll(unauthorized);
        return response;
    }

    /** Kafka's walk: whole topics while the limit lasts; the topic the limit cuts (or the next one) is the cursor. */
    private Message page(RequestContext context, List<String> names, String cursorTopic, int cursorPartition, int limit,
                         boolean all) {
        List<Message> described = new ArrayList<>();
        Message nextCursor = null;
        int remaining = limit;
        for (String name : names) {
            if (remaining <= 0) {
                nextCursor = cursor(name, 0);
                break;
            }
            Optional<Topic> topic = topics.topic(name);
            if (topic.isEmpty()) {
                if (!all) {
                    described.add(topicError(name, unknownOrInvalid(name)));
                }
                continue;
            }
            int start = name.equals(cursorTopic) ? cursorPartition : 0;
            int end = Math.min(topic.get().partitions(), start + remaining);
            described.add(topic(context, topic.get(), start, end));
            remaining -= Math.max(0, end - start);
            if (end < topic.get().partitions()) {
                nextCursor = cursor(name, end);
                break;
            }
        }
        return DescribeTopicPartitionsResponse.SCHEMA.newMessage()
                .set(DescribeTopicPartitionsResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeTopicPartitionsResponse.TOPICS, described)
                .set(DescribeTopicPartitionsResponse.NEXT_CURSOR, nextCursor);
    }

    private Message topic(RequestContext context, Topic topic, int start, int end) {
        List<Message> partitions = new ArrayList<>();
        for (int p = start; p < end; p++) {
            partitions.add(Message.of(DescribeTopicPartitionsResponsePartition.SCHEMA)
                    .set(DescribeTopicPartitionsResponsePartition.ERROR_CODE, ErrorCode.NONE.code())
                    .set(DescribeTopicPartitionsResponsePartition.PARTITION_INDEX, p)
                    .set(DescribeTopicPartitionsResponsePartition.LEADER_ID, identity.nodeId())
                    .set(DescribeTopicPartitionsResponsePartition.LEADER_EPOCH, LeaderEpochCheck.epoch(topics, topic.name(), p))
                    .set(DescribeTopicPartitionsResponsePartition.REPLICA_NODES, new ArrayList<>(List.of(identity.nodeId())))
                    .set(DescribeTopicPartitionsResponsePartition.ISR_NODES, new ArrayList<>(List.of(identity.nodeId())))
                    .set(DescribeTopicPartitionsResponsePartition.ELIGIBLE_LEADER_REPLICAS, new ArrayList<>())
                    .set(DescribeTopicPartitionsResponsePartition.LAST_KNOWN_ELR, new ArrayList<>())
                    .set(DescribeTopicPartitionsResponsePartition.OFFLINE_REPLICAS, new ArrayList<>()));
        }
        return Message.of(DescribeTopicPartitionsResponseTopic.SCHEMA)
                .set(DescribeTopicPartitionsResponseTopic.ERROR_CODE, ErrorCode.NONE.code())
                .set(DescribeTopicPartitionsResponseTopic.NAME, topic.name())
                .set(DescribeTopicPartitionsResponseTopic.TOPIC_ID, topic.id())
                .set(DescribeTopicPartitionsResponseTopic.IS_INTERNAL, false)
                .set(DescribeTopicPartitionsResponseTopic.PARTITIONS, partitions)
                .set(DescribeTopicPartitionsResponseTopic.TOPIC_AUTHORIZED_OPERATIONS,
                        AuthorizedOperations.topic(access, context, topic.name()));
    }

    private static ErrorCode unknownOrInvalid(String name) {
        try {
            TopicNames.validate(name);
            return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        } catch (TopicException e) {
            return ErrorCode.INVALID_TOPIC_EXCEPTION;
        }
    }

    private static Message topicError(String name, ErrorCode error) {
        return Message.of(DescribeTopicPartitionsResponseTopic.SCHEMA)
                .set(DescribeTopicPartitionsResponseTopic.ERROR_CODE, error.code())
                .set(DescribeTopicPartitionsResponseTopic.NAME, name)
                .set(DescribeTopicPartitionsResponseTopic.TOPIC_ID, Topic.NO_ID)
                .set(DescribeTopicPartitionsResponseTopic.PARTITIONS, new ArrayList<>());
    }

    private static Message cursor(String topic, int partition) {
        return Message.of(Cursor.SCHEMA).set(Cursor.TOPIC_NAME, topic).set(Cursor.PARTITION_INDEX, partition);
    }

    /** Kafka's answer when the request as a whole is refused: every named topic carries the error. */
    private static Message invalidRequest(List<Message> named) {
        List<Message> failed = new ArrayList<>();
        for (Message t : named) {
            failed.add(topicError(t.get(DescribeTopicPartitionsRequest.TopicRequest.NAME), ErrorCode.INVALID_REQUEST));
        }
        return DescribeTopicPartitionsResponse.SCHEMA.newMessage()
                .set(DescribeTopicPartitionsResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeTopicPartitionsResponse.TOPICS, failed);
    }
}
