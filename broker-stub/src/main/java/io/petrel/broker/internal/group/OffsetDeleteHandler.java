package io.petrel.broker.internal.group;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.OffsetDeleteRequest;
import io.petrel.protocol.schemas.OffsetDeleteRequest.OffsetDeleteRequestPartition;
import io.petrel.protocol.schemas.OffsetDeleteRequest.OffsetDeleteRequestTopic;
import io.petrel.protocol.schemas.OffsetDeleteResponse;
import io.petrel.protocol.schemas.OffsetDeleteResponse.OffsetDeleteResponsePartition;
import io.petrel.protocol.schemas.OffsetDeleteResponse.OffsetDeleteResponseTopic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers OffsetDelete (v0) as Kafka's classic groups answer it: the group must exist (else GROUP_ID_NOT_FOUND at the
 * top) and be Empty unless it is a consumer group (else NON_EMPTY_GROUP at the top); the offsets of a consumer group
 * with members are deleted except for topics its members subscribe to, which are GROUP_SUBSCRIBED_TO_TOPIC. A
 * partition without a committed offset is answered NONE, as Kafka does. With an authorizer, DELETE on the group is
 * needed (else GROUP_AUTHORIZATION_FAILED at the top) and READ on each topic (else TOPIC_AUTHORIZATION_FAILED for its
 * partitions, which are left alone).
 */
final class OffsetDeleteHandler implements RequestHandler {
    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    OffsetDeleteHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.OFFSET_DELETE;
    }

    @Override
    public Versions versions() {
        return ApiKey.OFFSET_DELETE.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> offsetDelete(context, request));
    }

    private Message offsetDelete(RequestContext context, Message request) {
        String groupId = request.get(OffsetDeleteRequest.GROUP_ID);
        List<PartitionKey> asked = new ArrayList<>();
        Map<PartitionKey, ErrorCode> refused = new HashMap<>();
        for (Message t : request.get(OffsetDeleteRequest.TOPICS)) {
            String topic = t.get(OffsetDeleteRequestTopic.NAME);
            boolean readable = access.allowedOnTopic(context, AclOperation.READ, topic);
            for (Message p : t.get(OffsetDeleteRequestTopic.PARTITIONS)) {
                PartitionKey key = new PartitionKey(topic, p.get(OffsetDeleteRequestPartition.PARTITION_INDEX));
                if (readable) {
                    asked.add(key);
                } else {
                    refused.put(key, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
                }
            }
        }
        GroupCoordinator.OffsetDeletion deletion = groupId != null
                && !access.allowedOnGroup(context, AclOperation.DELETE, groupId)
                ? new GroupCoordinator.OffsetDeletion(ErrorCode.GROUP_AUTHORIZATION_FAILED, Map.of())
                : coordinator.serving(() -> coordinator.deleteOffsets(groupId, asked));
        List<Message> topics = new ArrayList<>();
        if (deletion.error() == ErrorCode.NONE) {
            for (Message t : request.get(OffsetDeleteRequest.TOPICS)) {
                String topic = t.get(OffsetDeleteRequestTopic.NAME);
                List<Message> partitions = new ArrayList<>();
                for (Message p : t.get(OffsetDeleteRequestTopic.PARTITIONS)) {
                    int index = p.get(OffsetDeleteRequestPartition.PARTITION_INDEX);
                    PartitionKey key = new PartitionKey(topic, index);
                    ErrorCode e = refused.getOrDefault(key, deletion.partitions().getOrDefault(key, ErrorCode.NONE));
                    partitions.add(Message.of(OffsetDeleteResponsePartition.SCHEMA)
                            .set(OffsetDeleteResponsePartition.PARTITION_INDEX, index)
                            .set(OffsetDeleteResponsePartition.ERROR_CODE, e.code()));
                }
                topics.add(Message.of(OffsetDeleteResponseTopic.SCHEMA)
                        .set(OffsetDeleteResponseTopic.NAME, topic)
                        .set(OffsetDeleteResponseTopic.PARTITIONS, partitions));
            }
        }
        return OffsetDeleteResponse.SCHEMA.newMessage()
                .set(OffsetDeleteResponse.ERROR_CODE, deletion.error().code())
                .set(OffsetDeleteResponse.THROTTLE_TIME_MS, 0)
                .set(OffsetDeleteResponse.TOPICS, topics);
    }

}
