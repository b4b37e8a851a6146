package io.petrel.broker.internal.group;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.OffsetCommitRequest;
import io.petrel.protocol.schemas.OffsetCommitResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers OffsetCommit. A commit is checked as Kafka checks it (group id, topic and partition existence
 * when a {@link TopicIdsAndPartitions} is known, the member and generation, metadata size), then its accepted
 * partitions are journaled as one entry, stamped with the wall-clock time, before the response is built.
 * From v10 topics are named by id, which needs {@link TopicIdsAndPartitions}: without it those versions are not
 * served. With an authorizer, as Kafka: READ on the group is needed (else every partition is
 * GROUP_AUTHORIZATION_FAILED) and READ on each topic (else its partitions are TOPIC_AUTHORIZATION_FAILED).
 */
final class OffsetCommitHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommitHandler.class);

    /** Kafka's {@code offset.metadata.max.bytes}. */
    static final int MAX_METADATA_LENGTH = 4096;
    /** The first version that names topics by id. */
    private static final short TOPIC_ID_VERSION = 10;

    private final GroupCoordinator coordinator;
    private final TopicIdsAndPartitions topics;
    private final RequestAuthorizer access;

    /** @param topics the broker's topics, or null to accept any topic name and serve no topic-id version */
    OffsetCommitHandler(GroupCoordinator coordinator, TopicIdsAndPartitions topics, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.OFFSET_COMMIT;
    }

    @Override
    public Versions versions() {
        return TopicIdsAndPartitions.servedVersions(ApiKey.OFFSET_COMMIT, TOPIC_ID_VERSION, topics);
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> offsetCommit(context, request));
    }

    /** One partition of a commit, with the topic's name resolved (null when its id is unknown). */
    private record PartitionCommit(int topicIndex, int partition, long offset, int leaderEpoch, String metadata) {
    }

    private Message offsetCommit(RequestContext context, Message request) {
        short v = context.apiVersion();
        boolean byId = v >= TOPIC_ID_VERSION;
        String groupId = request.get(OffsetCommitRequest.GROUP_ID);
        boolean groupAuthorized = access.allowedOnGroup(context, AclOperation.READ, groupId);
        int generation = request.get(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH);
        String memberId = request.get(OffsetCommitRequest.MEMBER_ID);
        String instanceId = request.get(OffsetCommitRequest.GROUP_INSTANCE_ID);
        List<Message> requestTopics = request.get(OffsetCommitRequest.TOPICS);

        // Topic names (resolved from ids at v10+) and each partition's error, NONE while still acceptable.
        List<String> names = new ArrayList<>(requestTopics.size());
        List<List<ErrorCode>> errors = new ArrayList<>(requestTopics.size());
        List<PartitionCommit> candidates = new ArrayList<>();
        for (int t = 0; t < requestTopics.size(); t++) {
            Message topic = requestTopics.get(t);
            String name = byId ? topics.topicName(topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.TOPIC_ID))
                    .orElse(null) : topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.NAME);
            names.add(name);
            boolean topicAuthorized = name == null || access.allowedOnTopic(context, AclOperation.READ, name);
            List<ErrorCode> topicErrors = new ArrayList<>();
            for (Message p : topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS)) {
                int partition = p.get(OffsetCommitRequest.OffsetCommitRequestPartition.PARTITION_INDEX);
                ErrorCode error = ErrorCode.NONE;
                if (!groupAuthorized) {
                    error = ErrorCode.GROUP_AUTHORIZATION_FAILED;
                } else if (name == null) {
                    error = ErrorCode.UNKNOWN_TOPIC_ID;
                } else if (!topicAuthorized) {
                    error = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
                } else if (topics != null && !topics.hasPartition(name, partition)) {
                    error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                }
                topicErrors.add(error);
                if (error == ErrorCode.NONE) {
                    String metadata = p.get(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_METADATA);
                    candidates.add(new PartitionCommit(t, partition,
                            p.get(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_OFFSET),
                            p.get(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_LEADER_EPOCH),
                            metadata == null ? "" : metadata));
                }
            }
            errors.add(topicErrors);
        }

        Map<PartitionCommit, ErrorCode> outcome = coordinator.serving(() -> commit(groupId, generation, memberId,
                instanceId, v, names, candidates));

        List<Message> responseTopics = new ArrayList<>(requestTopics.size());
        int c = 0;
        for (int t = 0; t < requestTopics.size(); t++) {
            Message topic = requestTopics.get(t);
            List<Message> partitions = new ArrayList<>();
            List<Message> requestPartitions = topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS);
            for (int i = 0; i < requestPartitions.size(); i++) {
                ErrorCode error = errors.get(t).get(i);
                if (error == ErrorCode.NONE) {
                    error = outcome.get(candidates.get(c++));
                }
                partitions.add(Message.of(OffsetCommitResponse.OffsetCommitResponsePartition.SCHEMA)
                        .set(OffsetCommitResponse.OffsetCommitResponsePartition.PARTITION_INDEX,
                                requestPartitions.get(i).get(OffsetCommitRequest.OffsetCommitRequestPartition.PARTITION_INDEX))
                        .set(OffsetCommitResponse.OffsetCommitResponsePartition.ERROR_CODE, error.code()));
            }
            Message responseTopic = Message.of(OffsetCommitResponse.OffsetCommitResponseTopic.SCHEMA)
                    .set(OffsetCommitResponse.OffsetCommitResponseTopic.PARTITIONS, partitions);
            if (byId) {
                responseTopic.set(OffsetCommitResponse.OffsetCommitResponseTopic.TOPIC_ID,
                        topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.TOPIC_ID));
            } else {
                responseTopic.set(OffsetCommitResponse.OffsetCommitResponseTopic.NAME,
                        topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.NAME));
            }
            responseTopics.add(responseTopic);
        }
        return OffsetCommitResponse.SCHEMA.newMessage()
                .set(OffsetCommitResponse.THROTTLE_TIME_MS, 0)
                .set(OffsetCommitResponse.TOPICS, responseTopics);
    }

    /** Under the lock: validates the group and stores the acceptable partitions in one journal entry. */
    private Map<PartitionCommit, ErrorCode> commit(String groupId, int generation, String memberId, String instanceId,
                                                   short version, List<String> names, List<PartitionCommit> candidates) {
        Map<PartitionCommit, ErrorCode> outcome = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return outcome;
        }
        ErrorCode groupError = groupId == null || groupId.isEmpty() ? ErrorCode.INVALID_GROUP_ID
                : coordinator.validateOffsetCommit(groupId, generation, memberId, instanceId, version);
        long now = coordinator.clock().millis();
        Map<PartitionKey, CommittedOffset> accepted = new LinkedHashMap<>();
        for (PartitionCommit p : candidates) {
            ErrorCode error = groupError;
            if (error == ErrorCode.NONE) {
                error = coordinator.validateOffsetCommitPartition(groupId, generation, memberId,
                        names.get(p.topicIndex()), p.partition());
            }
            if (error == ErrorCode.NONE && p.metadata().length() > MAX_METADATA_LENGTH) {
                error = ErrorCode.OFFSET_METADATA_TOO_LARGE;
            }
            if (error == ErrorCode.NONE) {
                accepted.put(new PartitionKey(names.get(p.topicIndex()), p.partition()),
                        new CommittedOffset(p.offset(), p.leaderEpoch(), p.metadata(), now));
            }
            outcome.put(p, error);
        }
        if (!accepted.isEmpty()) {
            try {
                coordinator.offsets().commit(groupId, accepted);
            } catch (IOException e) {
                log.error("Could not store offsets committed by group {}", groupId, e);
                outcome.replaceAll((p, error) -> error == ErrorCode.NONE ? ErrorCode.UNKNOWN_SERVER_ERROR : error);
            }
        }
        return outcome;
    }
}
