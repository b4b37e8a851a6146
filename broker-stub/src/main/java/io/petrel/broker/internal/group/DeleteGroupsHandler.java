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
import io.petrel.protocol.schemas.DeleteGroupsRequest;
import io.petrel.protocol.schemas.DeleteGroupsResponse;
import io.petrel.protocol.schemas.DeleteGroupsResponse.DeletableGroupResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DeleteGroups (v0-2) as Kafka's classic groups answer it: an Empty group is deleted with its committed
 * offsets (journaled first, so it stays deleted after a restart); a group with members is NON_EMPTY_GROUP; a group
 * this coordinator does not know is GROUP_ID_NOT_FOUND, an empty or null id INVALID_GROUP_ID. With an authorizer,
 * DELETE on the group is needed, else GROUP_AUTHORIZATION_FAILED.
 */
final class DeleteGroupsHandler implements RequestHandler {
    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    DeleteGroupsHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DELETE_GROUPS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DELETE_GROUPS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> deleteGroups(context, request));
    }

    private Message deleteGroups(RequestContext context, Message request) {
        List<Message> results = new ArrayList<>();
        for (String groupId : request.get(DeleteGroupsRequest.GROUPS_NAMES)) {
            ErrorCode error = groupId != null && !groupId.isEmpty()
                    && !access.allowedOnGroup(context, AclOperation.DELETE, groupId)
                    ? ErrorCode.GROUP_AUTHORIZATION_FAILED
                    : coordinator.serving(() -> coordinator.deleteGroup(groupId));
            results.add(Message.of(DeletableGroupResult.SCHEMA)
                    .set(DeletableGroupResult.GROUP_ID, groupId)
                    .set(DeletableGroupResult.ERROR_CODE, error.code()));
        }
        return DeleteGroupsResponse.SCHEMA.newMessage()
                .set(DeleteGroupsResponse.THROTTLE_TIME_MS, 0)
                .set(DeleteGroupsResponse.RESULTS, results);
    }
}
