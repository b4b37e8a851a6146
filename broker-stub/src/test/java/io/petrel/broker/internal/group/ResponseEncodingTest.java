package io.petrel.broker.internal.group;

import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeGroupsRequest;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.HeartbeatResponse;
import io.petrel.protocol.schemas.JoinGroupRequest;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.LeaveGroupResponse;
import io.petrel.protocol.schemas.ListGroupsRequest;
import io.petrel.protocol.schemas.SyncGroupResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
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
                ApiKey.LIST_GROUPS), apis);
        for (RequestHandler handler : h.coordinator().handlers()) {
            if (handler.api() != ApiKey.OFFSET_COMMIT && handler.api() != ApiKey.OFFSET_FETCH) {
                assertEquals(handler.api().versions(), handler.versions(), handler.api().apiName());
            }
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
            h.leave(v, "", "x", null);
            h.leave(v, "no-such-group", "x", null);
        }
    }

    @Test
    void offsetCommitAndFetch() {
        Object[] m = joinAlone((short) 9, "offsets");
        for (short v : versions(h.handler(ApiKey.OFFSET_COMMIT))) {
            h.commit(v, "offsets", (Integer) m[1], (String) m[0], Map.of("t", Map.of(0, (long) v)));
            h.commit(v, "offsets", 99, (String) m[0], Map.of("t", Map.of(0, 1L)));
            h.commit(v, "simple-" + v, -1, "", Map.of("t", Map.of(0, 1L, 1, 2L)));
        }
        for (short v : versions(h.handler(ApiKey.OFFSET_FETCH))) {
            h.fetch(v, "offsets", Map.of("t", List.of(0, 1)));
            h.fetch(v, "", Map.of("t", List.of(0)));
            if (v >= 2) {
                h.fetch(v, "simple-2", null);
                h.fetch(v, "", null);
            }
        }
    }

    @Test
    void describeListAndFindCoordinator() {
        joinAlone((short) 9, "described");
        for (short v : versions(h.handler(ApiKey.DESCRIBE_GROUPS))) {
            Message request = DescribeGroupsRequest.SCHEMA.newMessage()
                    .set(DescribeGroupsRequest.GROUPS, List.of("described", "missing", ""));
            if (v >= 3) {
                request.set(DescribeGroupsRequest.INCLUDE_AUTHORIZED_OPERATIONS, true);
            }
            h.call(ApiKey.DESCRIBE_GROUPS, v, request);
        }
        for (short v : versions(h.handler(ApiKey.LIST_GROUPS))) {
            Message request = ListGroupsRequest.SCHEMA.newMessage();
            if (v >= 4) {
                request.set(ListGroupsRequest.STATES_FILTER, List.of("CompletingRebalance"));
            }
            h.call(ApiKey.LIST_GROUPS, v, request);
        }
        for (short v : versions(h.handler(ApiKey.FIND_COORDINATOR))) {
            Message request = FindCoordinatorRequest.SCHEMA.newMessage();
            if (v < 4) {
                request.set(FindCoordinatorRequest.KEY, "described");
            } else {
                request.set(FindCoordinatorRequest.COORDINATOR_KEYS, List.of("described"));
            }
            h.call(ApiKey.FIND_COORDINATOR, v, request);
            if (v >= 1) {
                h.call(ApiKey.FIND_COORDINATOR, v, request.set(FindCoordinatorRequest.KEY_TYPE, (byte) 9));
            }
        }
    }
}
