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
import io.petrel.protocol.schemas.HeartbeatRequest;
import io.petrel.protocol.schemas.HeartbeatResponse;

import java.util.concurrent.CompletableFuture;

/**
 * Answers Heartbeat (every version): restarts the member's session on the coordinator's monotonic clock
 * and tells it, by error code, whether the group is rebalancing (REBALANCE_IN_PROGRESS) or it is no longer
 * a member of this generation.
 */
final class HeartbeatHandler implements RequestHandler {
    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    HeartbeatHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.HEARTBEAT;
    }

    @Override
    public Versions versions() {
        return ApiKey.HEARTBEAT.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> heartbeat(context, request));
    }

    private Message heartbeat(RequestContext context, Message request) {
        ErrorCode error = !access.allowedOnGroup(context, AclOperation.READ, request.get(HeartbeatRequest.GROUP_ID))
                ? ErrorCode.GROUP_AUTHORIZATION_FAILED : coordinator.serving(() -> coordinator.heartbeat(
                request.get(HeartbeatRequest.GROUP_ID), request.get(HeartbeatRequest.GENERATION_ID),
                request.get(HeartbeatRequest.MEMBER_ID), request.get(HeartbeatRequest.GROUP_INSTANCE_ID)));
        return HeartbeatResponse.SCHEMA.newMessage()
                .set(HeartbeatResponse.THROTTLE_TIME_MS, 0)
                .set(HeartbeatResponse.ERROR_CODE, error.code());
    }
}
