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
import io.petrel.protocol.schemas.JoinGroupRequest;
import io.petrel.protocol.schemas.JoinGroupResponse;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers JoinGroup (every version). The request is decoded into a {@link ClassicGroups.JoinRequest} and
 * run under the coordinator's lock; the answer is a future, parked until the join phase completes (every
 * member rejoined, or the rebalance timeout or initial delay fired on the coordinator's tick), then
 * encoded at the request's version. From v4 a member without an id is told MEMBER_ID_REQUIRED first; from
 * v9 the leader may be told to skip the assignment it already has.
 */
final class JoinGroupHandler implements RequestHandler {
    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    JoinGroupHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.JOIN_GROUP;
    }

    @Override
    public Versions versions() {
        return ApiKey.JOIN_GROUP.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        try {
            return joinGroup(context, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Response> joinGroup(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
        if (!access.allowedOnGroup(ctx, AclOperation.READ, request.get(JoinGroupRequest.GROUP_ID))) {
            return CompletableFuture.completedFuture(Response.of(joinResponse(
                    JoinResult.error(request.get(JoinGroupRequest.MEMBER_ID), ErrorCode.GROUP_AUTHORIZATION_FAILED), v)));
        }
        int sessionTimeout = request.get(JoinGroupRequest.SESSION_TIMEOUT_MS);
        int rebalanceTimeout = v == 0 ? sessionTimeout : request.get(JoinGroupRequest.REBALANCE_TIMEOUT_MS);
        String instanceId = request.get(JoinGroupRequest.GROUP_INSTANCE_ID);
        List<GroupMember.Protocol> protocols = new ArrayList<>();
        for (Message p : request.get(JoinGroupRequest.PROTOCOLS)) {
            protocols.add(new GroupMember.Protocol(p.get(JoinGroupRequest.JoinGroupRequestProtocol.NAME),
                    p.get(JoinGroupRequest.JoinGroupRequestProtocol.METADATA)));
        }
        ClassicGroups.JoinRequest join = new ClassicGroups.JoinRequest(
                request.get(JoinGroupRequest.GROUP_ID), request.get(JoinGroupRequest.MEMBER_ID), instanceId,
                sessionTimeout, rebalanceTimeout, request.get(JoinGroupRequest.PROTOCOL_TYPE), protocols,
                ctx.clientId() == null ? "" : ctx.clientId(), clientHost(ctx), v >= 4 && instanceId == null, v >= 9,
                request.get(JoinGroupRequest.REASON));
        CompletableFuture<JoinResult> result = coordinator.serving(() -> coordinator.joinGroup(join));
        return result.thenApply(r -> Response.of(joinResponse(r, v)));
    }

    private static Message joinResponse(JoinResult r, short v) {
        List<Message> members = new ArrayList<>(r.members().size());
        for (JoinResult.Member m : r.members()) {
            members.add(Message.of(JoinGroupResponse.JoinGroupResponseMember.SCHEMA)
                    .set(JoinGroupResponse.JoinGroupResponseMember.MEMBER_ID, m.memberId())
                    .set(JoinGroupResponse.JoinGroupResponseMember.GROUP_INSTANCE_ID, m.groupInstanceId())
                    .set(JoinGroupResponse.JoinGroupResponseMember.METADATA, m.metadata()));
        }
        Message response = JoinGroupResponse.SCHEMA.newMessage()
                .set(JoinGroupResponse.THROTTLE_TIME_MS, 0)
                .set(JoinGroupResponse.ERROR_CODE, r.error().code())
                .set(JoinGroupResponse.GENERATION_ID, r.generationId())
                .set(JoinGroupResponse.PROTOCOL_NAME, r.protocolName() == null && v < 7 ? "" : r.protocolName())
                .set(JoinGroupResponse.LEADER, r.leader())
                .set(JoinGroupResponse.MEMBER_ID, r.memberId())
                .set(JoinGroupResponse.MEMBERS, members);
        if (v >= 7) {
            response.set(JoinGroupResponse.PROTOCOL_TYPE, r.protocolType());
        }
        if (v >= 9) {
            response.set(JoinGroupResponse.SKIP_ASSIGNMENT, r.skipAssignment());
        }
        return response;
    }

    /** The client's address as Kafka reports it in group descriptions. */
    static String clientHost(RequestContext ctx) {
        InetSocketAddress address = ctx.clientAddress();
        if (address == null) {
            return "";
        }
        // As Kafka reports it: InetAddress#toString, e.g. "/127.0.0.1".
        return address.getAddress() != null ? address.getAddress().toString() : "/" + address.getHostString();
    }
}
