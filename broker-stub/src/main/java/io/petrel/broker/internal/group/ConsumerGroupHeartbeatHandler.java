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
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatRequest;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers ConsumerGroupHeartbeat (KIP-848, v0-1): joining, heartbeating, acknowledging revocations and leaving a
 * consumer-protocol group, run by {@link ConsumerGroups}. As Kafka: READ on the group is needed (else
 * GROUP_AUTHORIZATION_FAILED), and subscribing by name needs DESCRIBE on each topic (else TOPIC_AUTHORIZATION_FAILED).
 * Not served by a coordinator without topic ids, since the protocol names partitions by topic id.
 */
final class ConsumerGroupHeartbeatHandler implements RequestHandler {
    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    ConsumerGroupHeartbeatHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.CONSUMER_GROUP_HEARTBEAT;
    }

    @Override
    public Versions versions() {
        return ApiKey.CONSUMER_GROUP_HEARTBEAT.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> heartbeat(context, request));
    }

    private Message heartbeat(RequestContext context, Message request) {
        String groupId = request.get(ConsumerGroupHeartbeatRequest.GROUP_ID);
        ConsumerGroups.HeartbeatResult result;
        if (!access.allowedOnGroup(context, AclOperation.READ, groupId)) {
            result = ConsumerGroups.HeartbeatResult.error(ErrorCode.GROUP_AUTHORIZATION_FAILED, null);
        } else if (!topicsAuthorized(context, request)) {
            result = ConsumerGroups.HeartbeatResult.error(ErrorCode.TOPIC_AUTHORIZATION_FAILED, null);
        } else {
            ConsumerGroups.HeartbeatRequest r = new ConsumerGroups.HeartbeatRequest(groupId,
                    request.get(ConsumerGroupHeartbeatRequest.MEMBER_ID),
                    request.get(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH),
                    request.get(ConsumerGroupHeartbeatRequest.INSTANCE_ID),
                    request.get(ConsumerGroupHeartbeatRequest.RACK_ID),
                    request.get(ConsumerGroupHeartbeatRequest.REBALANCE_TIMEOUT_MS),
                    request.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES),
                    context.apiVersion() >= 1 ? request.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_REGEX) : null,
                    request.get(ConsumerGroupHeartbeatRequest.SERVER_ASSIGNOR),
                    PartitionAssignment.fromWire(request.get(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS)),
                    context.clientId() == null ? "" : context.clientId(), JoinGroupHandler.clientHost(context),
                    context.apiVersion());
            result = coordinator.serving(() -> coordinator.consumerGroupHeartbeat(r));
        }
        Message response = ConsumerGroupHeartbeatResponse.SCHEMA.newMessage()
                .set(ConsumerGroupHeartbeatResponse.THROTTLE_TIME_MS, 0)
                .set(ConsumerGroupHeartbeatResponse.ERROR_CODE, result.error().code())
                .set(ConsumerGroupHeartbeatResponse.ERROR_MESSAGE, result.message())
                .set(ConsumerGroupHeartbeatResponse.MEMBER_ID, result.memberId())
                .set(ConsumerGroupHeartbeatResponse.MEMBER_EPOCH, result.memberEpoch())
                .set(ConsumerGroupHeartbeatResponse.HEARTBEAT_INTERVAL_MS, result.heartbeatIntervalMs());
        if (result.assignment() != null) {
            response.set(ConsumerGroupHeartbeatResponse.ASSIGNMENT,
                    Message.of(ConsumerGroupHeartbeatResponse.Assignment.SCHEMA)
                            .set(ConsumerGroupHeartbeatResponse.Assignment.TOPIC_PARTITIONS, result.assignment().toWire()));
        }
        return response;
    }

    private boolean topicsAuthorized(RequestContext context, Message request) {
        List<String> names = request.get(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES);
        if (names == null) {
            return true;
        }
        for (String name : names) {
            if (!access.allowedOnTopic(context, AclOperation.DESCRIBE, name)) {
                return false;
            }
        }
        return true;
    }
}
