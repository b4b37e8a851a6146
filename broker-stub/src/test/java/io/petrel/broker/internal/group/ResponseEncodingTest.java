package io.petrel.broker.internal.group;

import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeGroupsRequest;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.DescribeGroupsResponse.DescribedGroup;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.FindCoordinatorResponse;
import io.petrel.protocol.schemas.HeartbeatResponse;
import io.petrel.protocol.schemas.JoinGroupRequest;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.LeaveGroupResponse;
import io.petrel.protocol.schemas.ListGroupsRequest;
import io.petrel.protocol.schemas.ListGroupsResponse;
import io.petrel.protocol.schemas.ListGroupsResponse.ListedGroup;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseGroup;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponsePartition;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponsePartitions;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseTopic;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseTopics;
import io.petrel.protocol.schemas.SyncGroupResponse;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.petrel.broker.internal.group.GroupHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every API at every version it serves, in success and error cases: the harness encodes each response
 * at the request's version, so a field set that a version lacks fails here.
 */
class ResponseEncodingTest {
    @TempDir
    Path dir;
    GroupHarness h;

    @BeforeEach
    void open() throws Exception {
        h = new GroupHarness(dir, Duration.ZERO);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static short[] versions(RequestHandler handler) {
        Versions v = handler.versions();
        short[] out = new short[v.highest() - v.lowest() + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (v.lowest() + i);
        }
        return out;
    }

    @Test
    void everyMembershipApiServesTheFullRangeItsSchemaDeclares() {
        Set<ApiKey> apis = h.coordinator().handlers().stream().map(RequestHandler::api).collect(Collectors.toSet());
        assertEquals(Set.of(ApiKey.FIND_COORDINATOR, ApiKey.JOIN_GROUP, ApiKey.SYNC_GROUP, ApiKey.HEARTBEAT,
                ApiKey.LEAVE_GROUP, ApiKey.OFFSET_COMMIT, ApiKey.OFFSET_FETCH, ApiKey.DESCRIBE_GROUPS,
                ApiKey.LIST_GROUPS, ApiKey.DELETE_GROUPS, ApiKey.OFFSET_DELETE), apis);
        for (RequestHandler handler : h.coordinator().handlers()) {
            if (handler.api() != ApiKey.OFFSET_COMMIT && handler.api() != ApiKey.OFFSET_FETCH) {
                assertEquals(handler.api().versions(), handler.versions(), handler.api().apiName());
            }
        }
    }

    @Test
    void deleteGroupsAtEveryVersion() {
        for (short v : versions(h.handler(ApiKey.DELETE_GROUPS))) {
            h.commit((short) 9, "deleted-" + v, -1, "", Map.of("t", Map.of(0, 1L)));
            Message r = h.call(ApiKey.DELETE_GROUPS, v, io.petrel.protocol.schemas.DeleteGroupsRequest.SCHEMA.newMessage()
                    .set(io.petrel.protocol.schemas.DeleteGroupsRequest.GROUPS_NAMES, List.of("deleted-" + v, "none")));
            List<Message> results = r.get(io.petrel.protocol.schemas.DeleteGroupsResponse.RESULTS);
            assertEquals(ErrorCode.NONE.code(), results.get(0)
                    .get(io.petrel.protocol.schemas.DeleteGroupsResponse.DeletableGroupResult.ERROR_CODE));
            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND.code(), results.get(1)
                    .get(io.petrel.protocol.schemas.DeleteGroupsResponse.DeletableGroupResult.ERROR_CODE));
        }
    }

    /** A single-member group formed at JoinGroup version {@code v}; returns {memberId, generation}. */
    private Object[] joinAlone(short v, String group) {
        Message first = h.join(v, group, "", null, bytes("s")).join();
        String memberId = first.get(JoinGroupResponse.MEMBER_ID);
        Message r = first;
        if (first.get(JoinGroupResponse.ERROR_CODE) == ErrorCode.MEMBER_ID_REQUIRED.code()) {
            r = h.join(v, group, memberId, null, bytes("s")).join();
        }
        assertEquals(ErrorCode.NONE.code(), r.get(JoinGroupResponse.ERROR_CODE), "JoinGroup v" + v);
        assertEquals(1, r.get(JoinGroupResponse.MEMBERS).size());
        return new Object[]{r.get(JoinGroupResponse.MEMBER_ID), r.get(JoinGroupResponse.GENERATION_ID)};
    }

    @Test
    void joinGroup() {
        for (short v : versions(h.handler(ApiKey.JOIN_GROUP))) {
            joinAlone(v, "join-" + v);
            Message bad = JoinGroupRequest.SCHEMA.newMessage();
            Message refused = h.send(ApiKey.JOIN_GROUP, v, GroupHarness.joinRequest(v, "join-" + v, "", null, "consumer",
                    Map.of("range", bytes("s"))).set(JoinGroupRequest.SESSION_TIMEOUT_MS, 1)).join();
            assertEquals(ErrorCode.INVALID_SESSION_TIMEOUT.code(), refused.get(JoinGroupResponse.ERROR_CODE));
            assertEquals(ErrorCode.INVALID_GROUP_ID.code(), h.send(ApiKey.JOIN_GROUP, v, bad.set(JoinGroupRequest.GROUP_ID, ""))
                    .join().get(JoinGroupResponse.ERROR_CODE));
            if (v >= 5) {
                Message staticJoin = h.join(v, "static-" + v, "", "instance", bytes("s")).join();
                assertEquals(ErrorCode.NONE.code(), staticJoin.get(JoinGroupResponse.ERROR_CODE));
                Message again = h.join(v, "static-" + v, "", "instance", bytes("s")).join();
                assertEquals(ErrorCode.NONE.code(), again.get(JoinGroupResponse.ERROR_CODE), "static rejoin v" + v);
            }
        }
    }

    @Test
    void syncGroupHeartbeatAndLeaveGroup() {
        for (short v : versions(h.handler(ApiKey.SYNC_GROUP))) {
            Object[] m = joinAlone((short) 9, "sync-" + v);
            String id = (String) m[0];
            int generation = (Integer) m[1];
            Message ok = h.call(ApiKey.SYNC_GROUP, v, GroupHarness.syncRequest(v, "sync-" + v, generation, id, null,
                    Map.of(id, bytes("mine"))));
            assertArrayEquals(bytes("mine"), ok.get(SyncGroupResponse.ASSIGNMENT));
            Message again = h.call(ApiKey.SYNC_GROUP, v, GroupHarness.syncRequest(v, "sync-" + v, generation, id, null,
                    Map.of()));
            assertArrayEquals(bytes("mine"), again.get(SyncGroupResponse.ASSIGNMENT));
            Message stranger = h.call(ApiKey.SYNC_GROUP, v, GroupHarness.syncRequest(v, "sync-" + v, generation, "x",
                    null, Map.of()));
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), stranger.get(SyncGroupResponse.ERROR_CODE));
        }
        for (short v : versions(h.handler(ApiKey.HEARTBEAT))) {
            Object[] m = joinAlone((short) 9, "hb-" + v);
            Message ok = h.call(ApiKey.HEARTBEAT, v, GroupHarness.heartbeatRequest(v, "hb-" + v, (Integer) m[1],
                    (String) m[0], null));
            assertEquals(ErrorCode.NONE.code(), ok.get(HeartbeatResponse.ERROR_CODE));
            Message stale = h.call(ApiKey.HEARTBEAT, v, GroupHarness.heartbeatRequest(v, "hb-" + v, 99, (String) m[0], null));
            assertEquals(ErrorCode.ILLEGAL_GENERATION.code(), stale.get(HeartbeatResponse.ERROR_CODE));
        }
        for (short v : versions(h.handler(ApiKey.LEAVE_GROUP))) {
            Object[] m = joinAlone((short) 9, "leave-" + v);
            Message ok = h.leave(v, "leave-" + v, (String) m[0], null);
            assertEquals(ErrorCode.NONE.code(), ok.get(LeaveGroupResponse.ERROR_CODE));
            Message unknown = h.leave(v, "leave-" + v, (String) m[0], null);
            short error = v < 3 ? unknown.get(LeaveGroupResponse.ERROR_CODE)
                    : unknown.get(LeaveGroupResponse.MEMBERS).get(0).get(LeaveGroupResponse.MemberResponse.ERROR_CODE);
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), error);
            assertEquals(ErrorCode.INVALID_GROUP_ID.code(), h.leave(v, "", "x", null).get(LeaveGroupResponse.ERROR_CODE),
                    "LeaveGroup v" + v + " without a group id");
            Message noGroup = h.leave(v, "no-such-group", "x", null);
            short noGroupError = v < 3 ? noGroup.get(LeaveGroupResponse.ERROR_CODE)
                    : noGroup.get(LeaveGroupResponse.MEMBERS).get(0).get(LeaveGroupResponse.MemberResponse.ERROR_CODE);
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), noGroupError, "LeaveGroup v" + v + " of an unknown group");
        }
    }

    @Test
    void offsetCommitAndFetch() {
        GroupHarness.Member member = h.formGroup("offsets", 1).get(0);
        Versions commitVersions = h.handler(ApiKey.OFFSET_COMMIT).versions();
        for (short v : versions(h.handler(ApiKey.OFFSET_COMMIT))) {
            assertEquals(List.of(ErrorCode.NONE), commitErrors(h.commit(v, "offsets", member.generation(),
                    member.memberId(), Map.of("t", Map.of(0, (long) v)))), "OffsetCommit v" + v);
            assertEquals(List.of(ErrorCode.ILLEGAL_GENERATION), commitErrors(h.commit(v, "offsets", 99,
                    member.memberId(), Map.of("t", Map.of(0, 1L)))), "OffsetCommit v" + v + " of a stale generation");
            assertEquals(List.of(ErrorCode.NONE, ErrorCode.NONE), commitErrors(h.commit(v, "simple-" + v, -1, "",
                    Map.of("t", Map.of(0, 1L, 1, 2L)))), "OffsetCommit v" + v + " outside group management");
        }
        String simple = "simple-" + commitVersions.lowest();
        for (short v : versions(h.handler(ApiKey.OFFSET_FETCH))) {
            Message offsets = h.fetch(v, "offsets", Map.of("t", List.of(0, 1)));
            assertEquals(ErrorCode.NONE, fetchError(offsets, v), "OffsetFetch v" + v);
            assertEquals(Map.of("t", Map.of(0, (long) commitVersions.highest(), 1, -1L)), fetchedOffsets(offsets, v),
                    "OffsetFetch v" + v + ": the last commit, and -1 where nothing was committed");
            assertEquals(ErrorCode.INVALID_GROUP_ID, fetchError(h.fetch(v, "", Map.of("t", List.of(0))), v),
                    "OffsetFetch v" + v + " without a group id");
            if (v >= 2) {
                assertEquals(Map.of("t", Map.of(0, 1L, 1, 2L)), fetchedOffsets(h.fetch(v, simple, null), v),
                        "OffsetFetch v" + v + " of every committed offset");
                assertEquals(ErrorCode.INVALID_GROUP_ID, fetchError(h.fetch(v, "", null), v));
            }
        }
    }

    private static List<ErrorCode> commitErrors(Message response) {
        return OffsetCommitFetchTest.commitErrors(response);
    }

    /** The error a fetch of one group reports: on each partition before v2, the response's to v7, the group's. */
    private static ErrorCode fetchError(Message response, short v) {
        short code;
        if (v < 2) {
            code = response.get(OffsetFetchResponse.TOPICS).get(0).get(OffsetFetchResponseTopic.PARTITIONS).get(0)
                    .get(OffsetFetchResponsePartition.ERROR_CODE);
        } else if (v < 8) {
            code = response.get(OffsetFetchResponse.ERROR_CODE);
        } else {
            code = response.get(OffsetFetchResponse.GROUPS).get(0).get(OffsetFetchResponseGroup.ERROR_CODE);
        }
        return ErrorCode.forCode(code);
    }

    /** topic -> partition -> committed offset, from a fetch of one group at any version. */
    private static Map<String, Map<Integer, Long>> fetchedOffsets(Message response, short v) {
        if (v >= 8) {
            Message group = response.get(OffsetFetchResponse.GROUPS).get(0);
            Map<String, Map<Integer, Long>> out = new HashMap<>();
            for (Message t : group.get(OffsetFetchResponseGroup.TOPICS)) {
                Map<Integer, Long> partitions = new HashMap<>();
                for (Message p : t.get(OffsetFetchResponseTopics.PARTITIONS)) {
                    partitions.put(p.get(OffsetFetchResponsePartitions.PARTITION_INDEX),
                            p.get(OffsetFetchResponsePartitions.COMMITTED_OFFSET));
                }
                out.put(t.get(OffsetFetchResponseTopics.NAME), partitions);
            }
            return out;
        }
        Map<String, Map<Integer, Long>> out = new HashMap<>();
        for (Message t : response.get(OffsetFetchResponse.TOPICS)) {
            Map<Integer, Long> partitions = new HashMap<>();
            for (Message p : t.get(OffsetFetchResponseTopic.PARTITIONS)) {
                partitions.put(p.get(OffsetFetchResponsePartition.PARTITION_INDEX),
                        p.get(OffsetFetchResponsePartition.COMMITTED_OFFSET));
            }
            out.put(t.get(OffsetFetchResponseTopic.NAME), partitions);
        }
        return out;
    }

    @Test
    void describeListAndFindCoordinator() {
        joinAlone((short) 9, "described");
        int groupOperations = operations(AclOperation.READ, AclOperation.DELETE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
        for (short v : versions(h.handler(ApiKey.DESCRIBE_GROUPS))) {
            Message request = DescribeGroupsRequest.SCHEMA.newMessage()
                    .set(DescribeGroupsRequest.GROUPS, List.of("described", "missing", ""));
            if (v >= 3) {
                request.set(DescribeGroupsRequest.INCLUDE_AUTHORIZED_OPERATIONS, true);
            }
            List<Message> groups = h.call(ApiKey.DESCRIBE_GROUPS, v, request).get(DescribeGroupsResponse.GROUPS);
            String at = "DescribeGroups v" + v;
            Message described = groups.get(0);
            assertEquals(ErrorCode.NONE.code(), described.get(DescribedGroup.ERROR_CODE), at);
            assertEquals("CompletingRebalance", described.get(DescribedGroup.GROUP_STATE), at);
            assertEquals("consumer", described.get(DescribedGroup.PROTOCOL_TYPE), at);
            assertEquals(1, described.get(DescribedGroup.MEMBERS).size(), at);
            assertEquals("client-1", described.get(DescribedGroup.MEMBERS).get(0)
                    .get(DescribeGroupsResponse.DescribedGroupMember.CLIENT_ID), at);
            if (v >= 3) {
                assertEquals(groupOperations, described.get(DescribedGroup.AUTHORIZED_OPERATIONS), at);
            }
            Message missing = groups.get(1);
            assertEquals("Dead", missing.get(DescribedGroup.GROUP_STATE), at);
            assertEquals(v >= 6 ? ErrorCode.GROUP_ID_NOT_FOUND.code() : ErrorCode.NONE.code(),
                    missing.get(DescribedGroup.ERROR_CODE), at);
            assertEquals(ErrorCode.INVALID_GROUP_ID.code(), groups.get(2).get(DescribedGroup.ERROR_CODE), at);
        }
        for (short v : versions(h.handler(ApiKey.LIST_GROUPS))) {
            Message request = ListGroupsRequest.SCHEMA.newMessage();
            if (v >= 4) {
                request.set(ListGroupsRequest.STATES_FILTER, List.of("CompletingRebalance"));
            }
            Message listed = h.call(ApiKey.LIST_GROUPS, v, request);
            String at = "ListGroups v" + v;
            assertEquals(ErrorCode.NONE.code(), listed.get(ListGroupsResponse.ERROR_CODE), at);
            List<Message> groups = listed.get(ListGroupsResponse.GROUPS);
            assertEquals(List.of("described"), groups.stream().map(g -> g.get(ListedGroup.GROUP_ID)).toList(), at);
            assertEquals("consumer", groups.get(0).get(ListedGroup.PROTOCOL_TYPE), at);
            if (v >= 4) {
                assertEquals("CompletingRebalance", groups.get(0).get(ListedGroup.GROUP_STATE), at);
            }
            if (v >= 5) {
                assertEquals("classic", groups.get(0).get(ListedGroup.GROUP_TYPE), at);
            }
        }
        Message stableOnly = ListGroupsRequest.SCHEMA.newMessage().set(ListGroupsRequest.STATES_FILTER, List.of("Stable"));
        assertEquals(List.of(), h.call(ApiKey.LIST_GROUPS, (short) 4, stableOnly).get(ListGroupsResponse.GROUPS),
                "the state filter leaves out a group in another state");
        for (short v : versions(h.handler(ApiKey.FIND_COORDINATOR))) {
            Message request = FindCoordinatorRequest.SCHEMA.newMessage();
            if (v < 4) {
                request.set(FindCoordinatorRequest.KEY, "described");
            } else {
                request.set(FindCoordinatorRequest.COORDINATOR_KEYS, List.of("described"));
            }
            assertEquals(new Coordinator(ErrorCode.NONE, GroupHarness.IDENTITY.nodeId(), GroupHarness.IDENTITY.host(),
                    GroupHarness.IDENTITY.port()), coordinator(h.call(ApiKey.FIND_COORDINATOR, v, request), v),
                    "FindCoordinator v" + v + ": this node coordinates every group");
            if (v >= 1) {
                assertEquals(new Coordinator(ErrorCode.INVALID_REQUEST, -1, "", -1),
                        coordinator(h.call(ApiKey.FIND_COORDINATOR, v,
                                request.set(FindCoordinatorRequest.KEY_TYPE, (byte) 9)), v),
                        "FindCoordinator v" + v + " for an unknown key type");
            }
        }
    }

    /** What FindCoordinator answered for its (first) key. */
    private record Coordinator(ErrorCode error, int nodeId, String host, int port) {
    }

    private static Coordinator coordinator(Message response, short v) {
        if (v < 4) {
            return new Coordinator(ErrorCode.forCode(response.get(FindCoordinatorResponse.ERROR_CODE)),
                    response.get(FindCoordinatorResponse.NODE_ID), response.get(FindCoordinatorResponse.HOST),
                    response.get(FindCoordinatorResponse.PORT));
        }
        Message c = response.get(FindCoordinatorResponse.COORDINATORS).get(0);
        assertEquals("described", c.get(FindCoordinatorResponse.Coordinator.KEY));
        return new Coordinator(ErrorCode.forCode(c.get(FindCoordinatorResponse.Coordinator.ERROR_CODE)),
                c.get(FindCoordinatorResponse.Coordinator.NODE_ID), c.get(FindCoordinatorResponse.Coordinator.HOST),
                c.get(FindCoordinatorResponse.Coordinator.PORT));
    }

    /** Kafka's authorized-operations bit set, as kafka-clients numbers the operations. */
    private static int operations(AclOperation... ops) {
        int bits = 0;
        for (AclOperation op : ops) {
            bits |= 1 << op.code();
        }
        return bits;
    }
}
