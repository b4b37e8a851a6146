package io.petrel.broker.internal.group;

import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.LeaveGroupResponse;
import io.petrel.protocol.schemas.SyncGroupResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.petrel.broker.internal.group.GroupHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaticMembershipTest {
    private static final Duration DELAY = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    GroupHarness h;
    String leader;
    String follower;

    @BeforeEach
    void formStaticGroup() throws Exception {
        h = new GroupHarness(dir, DELAY);
        CompletableFuture<Message> joinA = h.join((short) 9, "g", "", "instance-a", bytes("sub-a"));
        CompletableFuture<Message> joinB = h.join((short) 9, "g", "", "instance-b", bytes("sub-b"));
        h.advance(DELAY);
        h.tick();
        h.advance(DELAY);
        h.tick();
        leader = joinA.join().get(JoinGroupResponse.MEMBER_ID);
        follower = joinB.join().get(JoinGroupResponse.MEMBER_ID);
        assertTrue(leader.startsWith("instance-a-"), leader);
        assertEquals(leader, joinA.join().get(JoinGroupResponse.LEADER));
        Map<String, byte[]> assignment = new LinkedHashMap<>();
        assignment.put(leader, bytes("for-a"));
        assignment.put(follower, bytes("for-b"));
        CompletableFuture<Message> syncB = h.sync("g", 1, follower, "instance-b", Map.of());
        h.sync("g", 1, leader, "instance-a", assignment).join();
        assertArrayEquals(bytes("for-b"), syncB.join().get(SyncGroupResponse.ASSIGNMENT));
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aRestartedStaticFollowerKeepsItsAssignmentWithoutARebalance() {
        Message rejoin = h.join((short) 9, "g", "", "instance-b", bytes("sub-b")).join();
        assertEquals(ErrorCode.NONE.code(), rejoin.get(JoinGroupResponse.ERROR_CODE));
        String newId = rejoin.get(JoinGroupResponse.MEMBER_ID);
        assertNotEquals(follower, newId);
        assertEquals(1, rejoin.get(JoinGroupResponse.GENERATION_ID), "no new generation");
        assertEquals(leader, rejoin.get(JoinGroupResponse.LEADER));
        assertEquals("Stable", h.state("g"));

        Message sync = h.sync("g", 1, newId, "instance-b", Map.of()).join();
        assertArrayEquals(bytes("for-b"), sync.get(SyncGroupResponse.ASSIGNMENT));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, newId, "instance-b"));
        // The old incarnation is fenced.
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, h.heartbeat("g", 1, follower, "instance-b"));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, leader, "instance-a"));
    }

    @Test
    void aRestartedStaticLeaderIsToldToSkipAssignmentFromVersion9() {
        Message v9 = h.join((short) 9, "g", "", "instance-a", bytes("sub-a")).join();
        String newLeader = v9.get(JoinGroupResponse.MEMBER_ID);
        assertEquals(newLeader, v9.get(JoinGroupResponse.LEADER));
        assertTrue(v9.get(JoinGroupResponse.SKIP_ASSIGNMENT));
        assertEquals(2, v9.get(JoinGroupResponse.MEMBERS).size());
        assertEquals(1, v9.get(JoinGroupResponse.GENERATION_ID));
        assertArrayEquals(bytes("for-a"), h.sync("g", 1, newLeader, "instance-a", Map.of()).join()
                .get(SyncGroupResponse.ASSIGNMENT));

        // An older client is named the old leader id, so it acts as a follower and just syncs.
        Message v8 = h.join((short) 8, "g", "", "instance-a", bytes("sub-a")).join();
        assertEquals(newLeader, v8.get(JoinGroupResponse.LEADER));
        assertNotEquals(v8.get(JoinGroupResponse.MEMBER_ID), v8.get(JoinGroupResponse.LEADER));
        assertEquals(0, v8.get(JoinGroupResponse.MEMBERS).size());
        assertEquals("Stable", h.state("g"));
    }

    @Test
    void aStaticRejoinWithChangedSubscriptionStillNeedsNoRebalanceWhenTheProtocolHolds() {
        Message rejoin = h.join((short) 9, "g", "", "instance-b", bytes("other-topics")).join();
        assertEquals(1, rejoin.get(JoinGroupResponse.GENERATION_ID));
        assertEquals("Stable", h.state("g"));
    }

    @Test
    void staticMembersSurviveAJoinPhaseTheyMissAndAreFencedWithStaleIds() {
        // A dynamic member joins; only the static leader rejoins in time.
        String c = h.memberIdFor("g");
        CompletableFuture<Message> joinC = h.join("g", c);
        CompletableFuture<Message> joinA = h.join((short) 9, "g", leader, "instance-a", bytes("sub-a"));
        for (int elapsed = 0; elapsed < GroupHarness.REBALANCE_MS; elapsed += 5_000) {
            h.heartbeat("g", 1, follower, "instance-b");
            h.advance(Duration.ofSeconds(5));
            h.tick();
        }
        assertEquals(2, joinA.join().get(JoinGroupResponse.GENERATION_ID));
        assertEquals(2, joinC.join().get(JoinGroupResponse.GENERATION_ID));
        // The static follower was kept, not dropped, though it did not rejoin.
        assertEquals(3, joinA.join().get(JoinGroupResponse.MEMBERS).size());
        assertEquals(ErrorCode.ILLEGAL_GENERATION, h.heartbeat("g", 1, follower, "instance-b"));
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, h.heartbeat("g", 2, "not-its-id", "instance-b"));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("g", 2, "x", "instance-unknown"));
    }

    @Test
    void anAdminRemovesAStaticMemberByInstanceIdAlone() {
        Message left = h.leave((short) 5, "g", "", "instance-b");
        Message member = left.get(LeaveGroupResponse.MEMBERS).get(0);
        assertEquals(ErrorCode.NONE.code(), member.get(LeaveGroupResponse.MemberResponse.ERROR_CODE));
        assertEquals("instance-b", member.get(LeaveGroupResponse.MemberResponse.GROUP_INSTANCE_ID));
        assertEquals("PreparingRebalance", h.state("g"));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("g", 1, follower, "instance-b"));

        Message again = h.leave((short) 5, "g", "", "instance-b");
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(),
                again.get(LeaveGroupResponse.MEMBERS).get(0).get(LeaveGroupResponse.MemberResponse.ERROR_CODE));
        Message fenced = h.leave((short) 5, "g", "stale-id", "instance-a");
        assertEquals(ErrorCode.FENCED_INSTANCE_ID.code(),
                fenced.get(LeaveGroupResponse.MEMBERS).get(0).get(LeaveGroupResponse.MemberResponse.ERROR_CODE));
    }

    @Test
    void describeShowsInstanceIdsAndAssignments() {
        Message d = h.describe("g");
        List<Message> members = d.get(DescribeGroupsResponse.DescribedGroup.MEMBERS);
        assertEquals(2, members.size());
        assertEquals("instance-a", members.get(0).get(DescribeGroupsResponse.DescribedGroupMember.GROUP_INSTANCE_ID));
        assertArrayEquals(bytes("for-a"), members.get(0).get(DescribeGroupsResponse.DescribedGroupMember.MEMBER_ASSIGNMENT));
        assertArrayEquals(bytes("sub-a"), members.get(0).get(DescribeGroupsResponse.DescribedGroupMember.MEMBER_METADATA));
        assertFalse(members.get(1).get(DescribeGroupsResponse.DescribedGroupMember.MEMBER_ID).isEmpty());
    }
}
