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
import io.petrel.protocol.schemas.LeaveGroupRequest;
import io.petrel.protocol.schemas.LeaveGroupResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers LeaveGroup (every version): before v3 one member leaves and gets one error code; from v3 a
 * batch of members (by member id or group instance id) leave, each with its own error, beside a
 * group-level one.
 */
final class LeaveGroupHandler implements RequestHandler {
    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    LeaveGroupHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.LEAVE_GROUP;
    }

    @Override
    public Versions versions() {
        return ApiKey.LEAVE_GROUP.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> leaveGroup(context, request));
    }

    private Message leaveGroup(RequestContext context, Message request) {
        short v = context.apiVersion();
        List<ClassicGroups.LeavingMember> leaving = new ArrayList<>();
        if (v < 3) {
            leaving.add(new ClassicGroups.LeavingMember(request.get(LeaveGroupRequest.MEMBER_ID), null, null));
        } else {
            for (Message m : request.get(LeaveGroupRequest.MEMBERS)) {
                leaving.add(new ClassicGroups.LeavingMember(m.get(LeaveGroupRequest.MemberIdentity.MEMBER_ID),
                        m.get(LeaveGroupRequest.MemberIdentity.GROUP_INSTANCE_ID),
                        m.get(LeaveGroupRequest.MemberIdentity.REASON)));
            }
        }
        String groupId = request.get(LeaveGroupRequest.GROUP_ID);
        if (!access.allowedOnGroup(context, AclOperation.READ, groupId)) {
            Message refused = LeaveGroupResponse.SCHEMA.newMessage().set(LeaveGroupResponse.THROTTLE_TIME_MS, 0)
                    .set(LeaveGroupResponse.ERROR_CODE, ErrorCode.GROUP_AUTHORIZATION_FAILED.code());
            return v >= 3 ? refused.set(LeaveGroupResponse.MEMBERS, new ArrayList<>()) : refused;
        }
        ClassicGroups.LeaveResult result = coordinator.serving(() -> coordinator.leaveGroup(groupId, leaving));
        Message response = LeaveGroupResponse.SCHEMA.newMessage().set(LeaveGroupResponse.THROTTLE_TIME_MS, 0);
        if (v < 3) {
            // One member, one error: the group's if it has one, else the member's.
            ErrorCode error = result.error();
            if (error == ErrorCode.NONE && !result.memberErrors().isEmpty()) {
                error = result.memberErrors().get(0);
            }
            response.set(LeaveGroupResponse.ERROR_CODE, error.code());
        } else {
            List<Message> members = new ArrayList<>();
            for (int i = 0; i < result.memberErrors().size(); i++) {
                ClassicGroups.LeavingMember m = leaving.get(i);
                members.add(Message.of(LeaveGroupResponse.MemberResponse.SCHEMA)
                        .set(LeaveGroupResponse.MemberResponse.MEMBER_ID, m.memberId())
                        .set(LeaveGroupResponse.MemberResponse.GROUP_INSTANCE_ID, m.groupInstanceId())
                        .set(LeaveGroupResponse.MemberResponse.ERROR_CODE, result.memberErrors().get(i).code()));
            }
            response.set(LeaveGroupResponse.ERROR_CODE, result.error().code())
                    .set(LeaveGroupResponse.MEMBERS, members);
        }
        return response;
    }
}
