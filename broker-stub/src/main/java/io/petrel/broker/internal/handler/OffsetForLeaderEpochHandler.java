package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.log.PartitionLog;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.OffsetForLeaderEpochRequest;
import io.petrel.protocol.schemas.OffsetForLeaderEpochRequest.OffsetForLeaderPartition;
import io.petrel.protocol.schemas.OffsetForLeaderEpochRequest.OffsetForLeaderTopic;
import io.petrel.protocol.schemas.OffsetForLeaderEpochResponse;
import io.petrel.protocol.schemas.OffsetForLeaderEpochResponse.EpochEndOffset;
import io.petrel.protocol.schemas.OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers OffsetForLeaderEpoch (v2-4): for each partition, where the asked leader epoch ended, from the
 * partition's leader epoch cache. kafka-clients' consumer asks it after Metadata shows a newer leader epoch than
 * its position was read under, to tell whether the log was truncated below its position.
 *
 * <p>As Kafka: the client's CurrentLeaderEpoch older than the partition's is FENCED_LEADER_EPOCH, newer is
 * UNKNOWN_LEADER_EPOCH; the current epoch ends at the log end; an epoch newer than all, or -1, gets epoch -1 and
 * offset -1 without error. CLUSTER_ACTION on the cluster allows every topic, otherwise each topic needs DESCRIBE
 * (TOPIC_AUTHORIZATION_FAILED); an unknown topic or partition is UNKNOWN_TOPIC_OR_PARTITION.
 */
public final class OffsetForLeaderEpochHandler implements RequestHandler {
    private final TopicRegistry topics;
    private final RequestAuthorizer access;

    public OffsetForLeaderEpochHandler(TopicRegistry topics, RequestAuthorizer access) {
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public Versions versions() {
        return ApiKey.OFFSET_FOR_LEADER_EPOCH.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> answer(context, request));
    }

    private Message answer(RequestContext context, Message request) {
        boolean clusterAction = access.allowedOnCluster(context, AclOperation.CLUSTER_ACTION);
        List<Message> results = new ArrayList<>();
        for (Message t : request.get(OffsetForLeaderEpochRequest.TOPICS)) {
            String topic = t.get(OffsetForLeaderTopic.TOPIC);
            boolean authorized = clusterAction || access.allowedOnTopic(context, AclOperation.DESCRIBE, topic);
            List<Message> partitions = new ArrayList<>();
            for (Message p : t.get(OffsetForLeaderTopic.PARTITIONS)) {
                partitions.add(authorized ? endOffset(topic, p)
                        : failed(p.get(OffsetForLeaderPartition.PARTITION), ErrorCode.TOPIC_AUTHORIZATION_FAILED));
            }
            results.add(Message.of(OffsetForLeaderTopicResult.SCHEMA)
                    .set(OffsetForLeaderTopicResult.TOPIC, topic)
                    .set(OffsetForLeaderTopicResult.PARTITIONS, partitions));
        }
        return OffsetForLeaderEpochResponse.SCHEMA.newMessage()
                .set(OffsetForLeaderEpochResponse.THROTTLE_TIME_MS, 0)
                .set(OffsetForLeaderEpochResponse.TOPICS, results);
    }

    private Message endOffset(String topic, Message p) {
        int partition = p.get(OffsetForLeaderPartition.PARTITION);
        PartitionLog partitionLog;
        try {
            partitionLog = topics.partition(topic, partition);
        } catch (TopicException e) {
            return failed(partition, e.errorCode());
        }
        ErrorCode epochError = LeaderEpochCheck.check(partitionLog.leaderEpoch(),
                p.get(OffsetForLeaderPartition.CURRENT_LEADER_EPOCH));
        if (epochError != null) {
            return failed(partition, epochError);
        }
        PartitionLog.EpochEndOffset found = partitionLog.endOffsetForEpoch(p.get(OffsetForLeaderPartition.LEADER_EPOCH));
        return Message.of(EpochEndOffset.SCHEMA)
                .set(EpochEndOffset.ERROR_CODE, ErrorCode.NONE.code())
                .set(EpochEndOffset.PARTITION, partition)
                .set(EpochEndOffset.LEADER_EPOCH, found.epoch())
                .set(EpochEndOffset.END_OFFSET, found.endOffset());
    }

    private static Message failed(int partition, ErrorCode error) {
        return Message.of(EpochEndOffset.SCHEMA)
                .set(EpochEndOffset.ERROR_CODE, error.code())
                .set(EpochEndOffset.PARTITION, partition)
                .set(EpochEndOffset.LEADER_EPOCH, -1)
                .set(EpochEndOffset.END_OFFSET, -1L);
    }
}
