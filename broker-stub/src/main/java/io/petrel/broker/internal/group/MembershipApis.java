package io.petrel.broker.internal.group;

import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeGroupsRequest;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.FindCoordinatorResponse;
import io.petrel.protocol.schemas.HeartbeatRequest;
import io.petrel.protocol.schemas.HeartbeatResponse;
import io.petrel.protocol.schemas.JoinGroupRequest;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.LeaveGroupRequest;
import io.petrel.protocol.schemas.LeaveGroupResponse;
import io.petrel.protocol.schemas.ListGroupsRequest;
import io.petrel.protocol.schemas.ListGroupsResponse;
import io.petrel.protocol.schemas.SyncGroupRequest;
import io.petrel.protocol.schemas.SyncGroupResponse;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The membership APIs on the wire: decodes FindCoordinator, JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup, DescribeGroups and ListGroups requests, runs them against the {@link ClassicGroups}
 * under the coordinator's lock, and encodes the answers at the request's version (setting only the
 * fields that version carries).
 */
final class MembershipApis {
    /** Coordinator key types: consumer groups and transactional ids both live on this node. */
    private static final byte KEY_TYPE_GROUP = 0;
    private static final byte KEY_TYPE_TRANSACTION = 1;
    /** READ, DELETE, DESCRIBE, DESCRIBE_CONFIGS and ALTER_CONFIGS: all a group supports, with no authorizer. */
    private static final int GROUP_AUTHORIZED_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8) | (1 << 10) | (1 << 11);
    private static final String CLASSIC_GROUP_TYPE = "classic";

    private final GroupCoordinator coordinator;
    private final BrokerIdentity identity;

    MembershipApis(GroupCoordinator coordinator, BrokerIdentity identity) {
        this.coordinator = coordinator;
        this.identity = identity;
    }

    List<RequestHandler> handlers() {
        return List.of(
                new ApiHandler(ApiKey.FIND_COORDINATOR, ApiKey.FIND_COORDINATOR.versions(), this::findCoordinator),
                new ApiHandler(ApiKey.JOIN_GROUP, ApiKey.JOIN_GROUP.versions(), this::joinGroup),
                new ApiHandler(ApiKey.SYNC_GROUP, ApiKey.SYNC_GROUP.versions(), this::syncGroup),
                new ApiHandler(ApiKey.HEARTBEAT, ApiKey.HEARTBEAT.versions(), this::heartbeat),
                new ApiHandler(ApiKey.LEAVE_GROUP, ApiKey.LEAVE_GROUP.versions(), this::leaveGroup),
                new ApiHandler(ApiKey.DESCRIBE_GROUPS, ApiKey.DESCRIBE_GROUPS.versions(), this::describeGroups),
                new ApiHandler(ApiKey.LIST_GROUPS, ApiKey.LIST_GROUPS.versions(), this::listGroups));
    }

    private static CompletableFuture<Response> respond(Message body) {
        return CompletableFuture.completedFuture(Response.of(body));
    }

    // ------------------------------------------------------------ FindCoordinator

    private CompletableFuture<Response> findCoordinator(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
        Message response = FindCoordinatorResponse.SCHEMA.newMessage().set(FindCoordinatorResponse.THROTTLE_TIME_MS, 0);
        byte keyType = request.get(FindCoordinatorRequest.KEY_TYPE);
        boolean served = keyType == KEY_TYPE_GROUP || keyType == KEY_TYPE_TRANSACTION;
        ErrorCode error = served ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST;
        String message = served ? ErrorCode.NONE.name() : "Unsupported coordinator key type " + keyType;
        BrokerIdentity.Endpoint advertised = identity.advertised(ctx.listenerName());
        if (v < 4) {
            response.set(FindCoordinatorResponse.ERROR_CODE, error.code())
                    .set(FindCoordinatorResponse.NODE_ID, served ? identity.nodeId() : -1)
                    .set(FindCoordinatorResponse.HOST, served ? advertised.host() : "")
                    .set(FindCoordinatorResponse.PORT, served ? advertised.port() : -1);
            if (v >= 1) {
                response.set(FindCoordinatorResponse.ERROR_MESSAGE, message);
            }
        } else {
            List<Message> coordinators = new ArrayList<>();
            for (String key : request.get(FindCoordinatorRequest.COORDINATOR_KEYS)) {
                coordinators.add(Message.of(FindCoordinatorResponse.Coordinator.SCHEMA)
                        .set(FindCoordinatorResponse.Coordinator.KEY, key)
                        .set(FindCoordinatorResponse.Coordinator.NODE_ID, served ? identity.nodeId() : -1)
                        .set(FindCoordinatorResponse.Coordinator.HOST, served ? advertised.host() : "")
                        .set(FindCoordinatorResponse.Coordinator.PORT, served ? advertised.port() : -1)
                        .set(FindCoordinatorResponse.Coordinator.ERROR_CODE, error.code())
                        .set(FindCoordinatorResponse.Coordinator.ERROR_MESSAGE, message));
            }
            response.set(FindCoordinatorResponse.COORDINATORS, coordinators);
        }
        return respond(response);
    }

    // ------------------------------------------------------------ JoinGroup

    private CompletableFuture<Response> joinGroup(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
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
        CompletableFuture<JoinResult> result = coordinator.serving(() -> coordinator.groups().join(join));
        return result.thenApply(r -> Response.of(joinResponse(r, v)));
    }

    static Message joinResponse(JoinResult r, short v) {
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

    private static String clientHost(RequestContext ctx) {
        InetSocketAddress address = ctx.clientAddress();
        if (address == null) {
            return "";
        }
        // As Kafka reports it: InetAddress#toString, e.g. "/127.0.0.1".
        return address.getAddress() != null ? address.getAddress().toString() : "/" + address.getHostString();
    }

    // ------------------------------------------------------------ SyncGroup

    private CompletableFuture<Response> syncGroup(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
        Map<String, byte[]> assignments = new HashMap<>();
        for (Message a : request.get(SyncGroupRequest.ASSIGNMENTS)) {
            assignments.put(a.get(SyncGroupRequest.SyncGroupRequestAssignment.MEMBER_ID),
                    a.get(SyncGroupRequest.SyncGroupRequestAssignment.ASSIGNMENT));
        }
        CompletableFuture<SyncResult> result = coordinator.serving(() -> coordinator.groups().sync(
                request.get(SyncGroupRequest.GROUP_ID), request.get(SyncGroupRequest.GENERATION_ID),
                request.get(SyncGroupRequest.MEMBER_ID), request.get(SyncGroupRequest.GROUP_INSTANCE_ID),
                request.get(SyncGroupRequest.PROTOCOL_TYPE), request.get(SyncGroupRequest.PROTOCOL_NAME), assignments));
        return result.thenApply(r -> Response.of(syncResponse(r, v)));
    }

    static Message syncResponse(SyncResult r, short v) {
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

    // ------------------------------------------------------------ Heartbeat

    private CompletableFuture<Response> heartbeat(RequestContext ctx, Message request) {
        ErrorCode error = coordinator.serving(() -> coordinator.groups().heartbeat(
                request.get(HeartbeatRequest.GROUP_ID), request.get(HeartbeatRequest.GENERATION_ID),
                request.get(HeartbeatRequest.MEMBER_ID), request.get(HeartbeatRequest.GROUP_INSTANCE_ID)));
        return respond(HeartbeatResponse.SCHEMA.newMessage()
                .set(HeartbeatResponse.THROTTLE_TIME_MS, 0)
                .set(HeartbeatResponse.ERROR_CODE, error.code()));
    }

    // ------------------------------------------------------------ LeaveGroup

    private CompletableFuture<Response> leaveGroup(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
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
        ClassicGroups.LeaveResult result = coordinator.serving(() -> coordinator.groups().leave(groupId, leaving));
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
        return respond(response);
    }

    // ------------------------------------------------------------ DescribeGroups

    private CompletableFuture<Response> describeGroups(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
        boolean withOperations = v >= 3 && request.get(DescribeGroupsRequest.INCLUDE_AUTHORIZED_OPERATIONS);
        List<String> groupIds = request.get(DescribeGroupsRequest.GROUPS);
        List<Message> described = coordinator.serving(() -> {
            List<Message> out = new ArrayList<>(groupIds.size());
            for (String groupId : groupIds) {
                out.add(describe(groupId, v, withOperations));
            }
            return out;
        });
        return respond(DescribeGroupsResponse.SCHEMA.newMessage()
                .set(DescribeGroupsResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeGroupsResponse.GROUPS, described));
    }

    /** Called under the lock. */
    private Message describe(String groupId, short v, boolean withOperations) {
        Message d = Message.of(DescribeGroupsResponse.DescribedGroup.SCHEMA)
                .set(DescribeGroupsResponse.DescribedGroup.GROUP_ID, groupId == null ? "" : groupId);
        if (groupId == null || groupId.isEmpty()) {
            return d.set(DescribeGroupsResponse.DescribedGroup.ERROR_CODE, ErrorCode.INVALID_GROUP_ID.code());
        }
        ClassicGroup group = coordinator.groups().group(groupId);
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
        if (withOperations) {
            d.set(DescribeGroupsResponse.DescribedGroup.AUTHORIZED_OPERATIONS, GROUP_AUTHORIZED_OPERATIONS);
        }
        return d;
    }

    // ------------------------------------------------------------ ListGroups

    private CompletableFuture<Response> listGroups(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
        Set<String> states = v >= 4 ? lowerCase(request.get(ListGroupsRequest.STATES_FILTER)) : Set.of();
        Set<String> types = v >= 5 ? lowerCase(request.get(ListGroupsRequest.TYPES_FILTER)) : Set.of();
        List<Message> listed = coordinator.serving(() -> {
            List<Message> out = new ArrayList<>();
            if (!types.isEmpty() && !types.contains(CLASSIC_GROUP_TYPE)) {
                return out;
            }
            for (ClassicGroup group : coordinator.groups().groups()) {
                String state = group.state().displayName();
                if (!states.isEmpty() && !states.contains(state.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                Message g = Message.of(ListGroupsResponse.ListedGroup.SCHEMA)
                        .set(ListGroupsResponse.ListedGroup.GROUP_ID, group.groupId())
                        .set(ListGroupsResponse.ListedGroup.PROTOCOL_TYPE,
                                group.protocolType() == null ? "" : group.protocolType());
                if (v >= 4) {
                    g.set(ListGroupsResponse.ListedGroup.GROUP_STATE, state);
                }
                if (v >= 5) {
                    g.set(ListGroupsResponse.ListedGroup.GROUP_TYPE, CLASSIC_GROUP_TYPE);
                }
                out.add(g);
            }
            return out;
        });
        return respond(ListGroupsResponse.SCHEMA.newMessage()
                .set(ListGroupsResponse.THROTTLE_TIME_MS, 0)
                .set(ListGroupsResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(ListGroupsResponse.GROUPS, listed));
    }

    private static Set<String> lowerCase(List<String> values) {
        return values == null ? Set.of()
                : values.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
