package io.petrel.broker.internal.group;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.SyncGroupRequest;
import io.petrel.protocol.schemas.SyncGroupResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers SyncGroup (every version): the leader's request carries every member's assignment, the others'
 * carry none. The answer is a future, parked under the coordinator's lock until the leader's assignments
 * arrive (or the sync timeout fires on the coordinator's tick), then encoded at the request's version
 * with the member's own assignment.
 */
final class SyncGroupHandler implements RequestHandler {
    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    SyncGroupHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.SYNC_GROUP;
    }

    @Override
    public Versions versions() {
        return ApiKey.SYNC_GROUP.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        try {
            return syncGroup(context, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Response> syncGroup(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
        if (!access.allowedOnGroup(ctx, AclOperation.READ, request.get(SyncGroupRequest.GROUP_ID))) {
            return CompletableFuture.completedFuture(Response.of(syncResponse(
                    SyncResult.error(ErrorCode.GROUP_AUTHORIZATION_FAILED), v)));
        }
        Map<String, byte[]> assignments = new HashMap<>();
        for (Message a : request.get(SyncGroupRequest.ASSIGNMENTS)) {
            assignments.put(a.get(SyncGroupRequest.SyncGroupRequestAssignment.MEMBER_ID),
                    a.get(SyncGroupRequest.SyncGroupRequestAssignment.ASSIGNMENT));
        }
        CompletableFuture<SyncResult> result = coordinator.serving(() -> coordinator.syncGroup(
                request.get(SyncGroupRequest.GROUP_ID), request.get(SyncGroupRequest.GENERATION_ID),
                request.get(SyncGroupRequest.MEMBER_ID), request.get(SyncGroupRequest.GROUP_INSTANCE_ID),
                request.get(SyncGroupRequest.PROTOCOL_TYPE), request.get(SyncGroupRequest.PROTOCOL_NAME), assignments));
        return result.thenApply(r -> Response.of(syncResponse(r, v)));
    }

    private static Message syncResponse(SyncResult r, short v) {
        Message response = SyncGroupResponse.SCHEMA.newMessage()
                .set(SyncGroupResponse.THROTTLE_TIME_MS, 0)
                .set(SyncGroupResponse.ERROR_CODE, r.error().code())
                .set(SyncGroupResponse.ASSIGNMENT, r.assignment());
        if (v >= 5) {
            response.set(SyncGroupResponse.PROTOCOL_TYPE, r.protocolType())
                    .set(SyncGroupResponse.PROTOCOL_NAME, r.protocolName());
        }
        return response;
    }
}
