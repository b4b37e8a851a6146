package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.acl.ResourceType;
import io.petrel.broker.internal.group.TransactionalOffset;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.TxnOffsetCommitRequest;
import io.petrel.protocol.schemas.TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition;
import io.petrel.protocol.schemas.TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic;
import io.petrel.protocol.schemas.TxnOffsetCommitResponse;
import io.petrel.protocol.schemas.TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition;
import io.petrel.protocol.schemas.TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers TxnOffsetCommit: a group's offsets held in the transaction until it commits. Version 5 and later
 * (transactions version 2) add the group to the transaction themselves. From version 3 the member and
 * generation it names must be current in the group (UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, ILLEGAL_GENERATION),
 * so a zombie consumer-producer cannot commit offsets for partitions it no longer owns. With an authorizer it
 * needs WRITE on the transactional id, READ on the group and READ on every topic, as in Kafka. One unknown partition makes every
 * partition of the request UNKNOWN_TOPIC_OR_PARTITION and nothing is held, so no commit is half applied.
 */
final class TxnOffsetCommitHandler implements RequestHandler {
    private final TransactionCoordinator coordinator;
    private final TopicRegistry topics;
    private final RequestAuthorizer access;

    TxnOffsetCommitHandler(TransactionCoordinator coordinator, TopicRegistry topics, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.TXN_OFFSET_COMMIT;
    }

    @Override
    public Versions versions() {
        return ApiKey.TXN_OFFSET_COMMIT.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> commit(context, request));
    }

    private static TransactionCoordinator.GroupMember member(short version, Message request) {
        if (version < 3) {
            return TransactionCoordinator.GroupMember.NONE;
        }
        return new TransactionCoordinator.GroupMember(request.get(TxnOffsetCommitRequest.GENERATION_ID),
                request.get(TxnOffsetCommitRequest.MEMBER_ID), request.get(TxnOffsetCommitRequest.GROUP_INSTANCE_ID));
    }

    private Message commit(RequestContext context, Message request) {
        short version = context.apiVersion();
        List<TransactionalOffset> offsets = new ArrayList<>();
        boolean unknown = false;
        boolean topicDenied = false;
        for (Message t : request.get(TxnOffsetCommitRequest.TOPICS)) {
            String topic = t.get(TxnOffsetCommitRequestTopic.NAME);
            topicDenied |= !access.allowedOnTopic(context, AclOperation.READ, topic);
            for (Message p : t.get(TxnOffsetCommitRequestTopic.PARTITIONS)) {
                int partition = p.get(TxnOffsetCommitRequestPartition.PARTITION_INDEX);
                unknown |= topics.topic(topic).map(x -> !x.hasPartition(partition)).orElse(true);
                offsets.add(new TransactionalOffset(topic, partition,
                        p.get(TxnOffsetCommitRequestPartition.COMMITTED_OFFSET),
                        version >= 2 ? p.get(TxnOffsetCommitRequestPartition.COMMITTED_LEADER_EPOCH) : -1,
                        p.get(TxnOffsetCommitRequestPartition.COMMITTED_METADATA)));
            }
        }
        String group = request.get(TxnOffsetCommitRequest.GROUP_ID);
        ErrorCode error = !access.allowed(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                request.get(TxnOffsetCommitRequest.TRANSACTIONAL_ID)) ? ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                : !access.allowedOnGroup(context, AclOperation.READ, group) ? ErrorCode.GROUP_AUTHORIZATION_FAILED
                : topicDenied ? ErrorCode.TOPIC_AUTHORIZATION_FAILED
                : unknown ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                : coordinator.txnOffsetCommit(request.get(TxnOffsetCommitRequest.TRANSACTIONAL_ID),
                request.get(TxnOffsetCommitRequest.PRODUCER_ID), request.get(TxnOffsetCommitRequest.PRODUCER_EPOCH),
                request.get(TxnOffsetCommitRequest.GROUP_ID), member(version, request), offsets, version >= 5);
        if (version < 5 && error == ErrorCode.PRODUCER_FENCED) {
            error = ErrorCode.INVALID_PRODUCER_EPOCH; // the older clients' word for it
        }
        List<Message> topicsOut = new ArrayList<>();
        for (Message t : request.get(TxnOffsetCommitRequest.TOPICS)) {
            List<Message> partitions = new ArrayList<>();
            for (Message p : t.get(TxnOffsetCommitRequestTopic.PARTITIONS)) {
                partitions.add(Message.of(TxnOffsetCommitResponsePartition.SCHEMA)
                        .set(TxnOffsetCommitResponsePartition.PARTITION_INDEX,
                                p.get(TxnOffsetCommitRequestPartition.PARTITION_INDEX))
                        .set(TxnOffsetCommitResponsePartition.ERROR_CODE, error.code()));
            }
            topicsOut.add(Message.of(TxnOffsetCommitResponseTopic.SCHEMA)
                    .set(TxnOffsetCommitResponseTopic.NAME, t.get(TxnOffsetCommitRequestTopic.NAME))
                    .set(TxnOffsetCommitResponseTopic.PARTITIONS, partitions));
        }
        return TxnOffsetCommitResponse.SCHEMA.newMessage()
                .set(TxnOffsetCommitResponse.THROTTLE_TIME_MS, 0)
                .set(TxnOffsetCommitResponse.TOPICS, topicsOut);
    }
}
