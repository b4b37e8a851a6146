package io.petrel.broker.internal.group;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.handler.AuthorizedOperations;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeGroupsRequest;
import io.petrel.protocol.schemas.DescribeGroupsResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeGroups (every version): each group's state, protocol and members, read under the
 * coordinator's lock. As Kafka does, member metadata and assignments are given only for a Stable group,
 * an unknown group is Dead (with GROUP_ID_NOT_FOUND from v6), and the authorized operations (v3+) are
 * those the authorizer allows the requester. A group it may not DESCRIBE is GROUP_AUTHORIZATION_FAILED.
 */
final class DescribeGroupsHandler implements RequestHandler {
    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    DescribeGroupsHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_GROUPS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_GROUPS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describeGroups(context, request));
    }

    private Message describeGroups(RequestContext context, Message request) {
        short v = context.apiVersion();
        boolean withOperations = v >= 3 && request.get(DescribeGroupsRequest.INCLUDE_AUTHORIZED_OPERATIONS);
        List<String> groupIds = request.get(DescribeGroupsRequest.GROUPS);
        Map<String, Integer> operations = new HashMap<>();
        for (String groupId : groupIds) {
            if (groupId != null && access.allowedOnGroup(context, AclOperation.DESCRIBE, groupId)) {
                operations.put(groupId, AuthorizedOperations.group(access, context, groupId));
            }
        }
        List<Message> described = coordinator.serving(() -> {
            List<Message> out = new ArrayList<>(groupIds.size());
            for (String groupId : groupIds) {
                out.add(groupId != null && !groupId.isEmpty() && !operations.containsKey(groupId)
                        ? Message.of(DescribeGroupsResponse.DescribedGroup.SCHEMA)
                                .set(DescribeGroupsResponse.DescribedGroup.GROUP_ID, groupId)
                                .set(DescribeGroupsResponse.DescribedGroup.ERROR_CODE,
                                        ErrorCode.GROUP_AUTHORIZATION_FAILED.code())
                        : describe(groupId, v, withOperations ? operations.get(groupId) : null));
            }
            return out;
        });
        return DescribeGroupsResponse.SCHEMA.newMessage()
                .set(DescribeGroupsResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeGroupsResponse.GROUPS, described);
    }

    /** Called under the lock. */
    private Message describe(String groupId, short v, Integer authorizedOperations) {
        Message d = Message.of(DescribeGroupsResponse.DescribedGroup.SCHEMA)
                .set(DescribeGroupsResponse.DescribedGroup.GROUP_ID, groupId == null ? "" : groupId);
        if (groupId == null || groupId.isEmpty()) {
            return d.set(DescribeGroupsResponse.DescribedGroup.ERROR_CODE, ErrorCode.INVALID_GROUP_ID.code());
        }
        ClassicGroup group = coordinator.groups().group(groupId);
        if (group == null && coordinator.consumerGroups().group(groupId) != null) {
            // As Kafka: DescribeGroups describes classic groups only; Admin asks ConsumerGroupDescribe first.
            d.set(DescribeGroupsResponse.DescribedGroup.GROUP_STATE, GroupState.DEAD.displayName());
            if (v >= 6) {
                d.set(DescribeGroupsResponse.DescribedGroup.ERROR_CODE, ErrorCode.GROUP_ID_NOT_FOUND.code())
                        .set(DescribeGroupsResponse.DescribedGroup.ERROR_MESSAGE,
                                "Group " + groupId + " is not a classic group.");
            }
            return d;
        }
        if (group == null) {
            d.set(DescribeGroupsResponse.DescribedGroup.GROUP_STATE, GroupState.DEAD.displayName());
            if (v >= 6) {
                d.set(DescribeGroupsResponse.DescribedGroup.ERROR_CODE, ErrorCode.GROUP_ID_NOT_FOUND.code())
                        .set(DescribeGroupsResponse.DescribedGroup.ERROR_MESSAGE, "Group " + groupId + " not found.");
            }
            return d;
        }
        boolean stable = group.is(GroupState.STABLE);
        List<Message> members = new ArrayList<>(group.size());
        for (GroupMember m : group.members()) {
            members.add(Message.of(DescribeGroupsResponse.DescribedGroupMember.SCHEMA)
                    .set(DescribeGroupsResponse.DescribedGroupMember.MEMBER_ID, m.memberId())
                    .set(DescribeGroupsResponse.DescribedGroupMember.GROUP_INSTANCE_ID, m.groupInstanceId())
                    .set(DescribeGroupsResponse.DescribedGroupMember.CLIENT_ID, m.clientId())
                    .set(DescribeGroupsResponse.DescribedGroupMember.CLIENT_HOST, m.clientHost())
                    .set(DescribeGroupsResponse.DescribedGroupMember.MEMBER_METADATA,
                            stable ? m.metadata(group.protocolName()) : GroupMember.NO_ASSIGNMENT)
                    .set(DescribeGroupsResponse.DescribedGroupMember.MEMBER_ASSIGNMENT,
                            stable ? m.assignment() : GroupMember.NO_ASSIGNMENT));
        }
        d.set(DescribeGroupsResponse.DescribedGroup.GROUP_STATE, group.state().displayName())
                .set(DescribeGroupsResponse.DescribedGroup.PROTOCOL_TYPE,
                        group.protocolType() == null ? "" : group.protocolType())
                .set(DescribeGroupsResponse.DescribedGroup.PROTOCOL_DATA, stable ? group.protocolName() : "")
                .set(DescribeGroupsResponse.DescribedGroup.MEMBERS, members);
        if (authorizedOperations != null) {
            d.set(DescribeGroupsResponse.DescribedGroup.AUTHORIZED_OPERATIONS, authorizedOperations);
        }
        return d;
    }
}
