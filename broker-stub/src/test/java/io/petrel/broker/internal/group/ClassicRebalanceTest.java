package io.petrel.broker.internal.group;

import io.petrel.broker.internal.group.GroupHarness.Member;
import io.petrel.protocol.ApiKey;
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

class ClassicRebalanceTest {
    private static final Duration DELAY = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    GroupHarness h;

    @BeforeEach
    void open() throws Exception {
        h = new GroupHarness(dir, DELAY);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void twoMembersJoinOneLeadsAndBothGetTheLeadersAssignment() {
        String a = h.memberIdFor("g");
        String b = h.memberIdFor("g");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("client-1-"), a);
        CompletableFuture<Message> joinA = h.join("g", a);
        CompletableFuture<Message> joinB = h.join("g", b);
        assertEquals("PreparingRebalance", h.state("g"));

        // The initial delay is extended once because a second member arrived within it.
        h.advance(DELAY);
        h.tick();
        assertFalse(joinA.isDone());
        h.advance(DELAY);
        h.tick();

        Message ra = joinA.join();
        Message rb = joinB.join();
        assertEquals(ErrorCode.NONE.code(), ra.get(JoinGroupResponse.ERROR_CODE));
        assertEquals(ErrorCode.NONE.code(), rb.get(JoinGroupResponse.ERROR_CODE));
        assertEquals(1, ra.get(JoinGroupResponse.GENERATION_ID));
        assertEquals(1, rb.get(JoinGroupResponse.GENERATION_ID));
        assertEquals(a, ra.get(JoinGroupResponse.LEADER));
        assertEquals(a, rb.get(JoinGroupResponse.LEADER));
        assertEquals("range", ra.get(JoinGroupResponse.PROTOCOL_NAME));
        assertEquals("consumer", ra.get(JoinGroupResponse.PROTOCOL_TYPE));
        assertEquals(2, ra.get(JoinGroupResponse.MEMBERS).size(), "the leader sees every member");
        assertEquals(0, rb.get(JoinGroupResponse.MEMBERS).size(), "a follower sees none");
        assertArrayEquals(bytes("sub"), ra.get(JoinGroupResponse.MEMBERS).get(1)
                .get(JoinGroupResponse.JoinGroupResponseMember.METADATA));
        assertEquals("CompletingRebalance", h.state("g"));

        CompletableFuture<Message> syncB = h.sync("g", 1, b);
        assertFalse(syncB.isDone(), "a follower waits for the leader's assignment");
        Map<String, byte[]> assignment = new LinkedHashMap<>();
        assignment.put(a, bytes("for-a"));
        assignment.put(b, bytes("for-b"));
        Message syncA = h.sync("g", 1, a, null, assignment).join();
        assertTrue(syncB.isDone());
        assertArrayEquals(bytes("for-a"), syncA.get(SyncGroupResponse.ASSIGNMENT));
        assertArrayEquals(bytes("for-b"), syncB.join().get(SyncGroupResponse.ASSIGNMENT));
        assertEquals("range", syncB.join().get(SyncGroupResponse.PROTOCOL_NAME));
        assertEquals("Stable", h.state("g"));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, a));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, b));
    }

    @Test
    void withoutAnInitialDelayTheFirstMemberIsAnsweredAtOnce(@TempDir Path other) throws Exception {
        try (GroupHarness now = new GroupHarness(other, Duration.ZERO)) {
            String a = now.memberIdFor("g");
            Message r = now.join("g", a).join();
            assertEquals(1, r.get(JoinGroupResponse.GENERATION_ID));
            assertEquals(a, r.get(JoinGroupResponse.LEADER));

            // A second member arriving now starts the next rebalance; the leader's sync is refused.
            String b = now.memberIdFor("g");
            CompletableFuture<Message> joinB = now.join("g", b);
            assertFalse(joinB.isDone());
            Message sync = now.sync("g", 1, a, null, Map.of(a, bytes("x"))).join();
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(), sync.get(SyncGroupResponse.ERROR_CODE));
            Message rejoin = now.join("g", a).join();
            assertEquals(2, rejoin.get(JoinGroupResponse.GENERATION_ID));
            assertEquals(2, joinB.join().get(JoinGroupResponse.GENERATION_ID));
        }
    }

    @Test
    void aThirdMemberTriggersARebalanceAndTheGenerationAdvances() {
        List<Member> members = h.formGroup("g", 2);
        String a = members.get(0).memberId();
        String b = members.get(1).memberId();

        String c = h.memberIdFor("g");
        CompletableFuture<Message> joinC = h.join("g", c);
        assertFalse(joinC.isDone());
        assertEquals("PreparingRebalance", h.state("g"));
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, h.heartbeat("g", 1, a));
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, h.heartbeat("g", 1, b));

        CompletableFuture<Message> joinA = h.join("g", a);
        assertFalse(joinA.isDone(), "b has not rejoined yet");
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, h.heartbeat("g", 1, b));
        CompletableFuture<Message> joinB = h.join("g", b);

        for (CompletableFuture<Message> f : List.of(joinA, joinB, joinC)) {
            assertTrue(f.isDone(), "every member rejoined, so the join phase is over");
            assertEquals(2, f.join().get(JoinGroupResponse.GENERATION_ID));
            assertEquals(a, f.join().get(JoinGroupResponse.LEADER));
        }
        assertEquals(3, joinA.join().get(JoinGroupResponse.MEMBERS).size());
        assertEquals(ErrorCode.ILLEGAL_GENERATION, h.heartbeat("g", 1, a));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", 2, a));
    }

    @Test
    void sessionsRunOnMonotonicTimeSoAWallClockStepNeitherExpiresNorKeepsMembers() {
        List<Member> members = h.formGroup("g", 2);
        String a = members.get(0).memberId();
        String b = members.get(1).memberId();

        // The system clock is set a day ahead, then two days back: no session has run out.
        h.clock.stepWallClock(Duration.ofDays(1));
        h.tick();
        h.clock.stepWallClock(Duration.ofDays(-2));
        h.tick();
        assertEquals("Stable", h.state("g"));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, a));

        // Only a keeps heartbeating; b is gone once its session timeout has really elapsed, wall clock or not.
        h.advance(Duration.ofMillis(GroupHarness.SESSION_MS - 1));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, a));
        h.tick();
        assertEquals("Stable", h.state("g"), "b's session has 1 ms left");
        h.advance(Duration.ofMillis(1));
        h.tick();
        assertEquals("PreparingRebalance", h.state("g"));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("g", 1, b));
    }

    @Test
    void aMemberWhoseSessionExpiresIsRemovedAndTheOthersRebalance() {
        List<Member> members = h.formGroup("g", 3);
        String a = members.get(0).memberId();
        String b = members.get(1).memberId();
        String c = members.get(2).memberId();

        // a and b keep heartbeating; c goes silent for longer than its session timeout.
        for (int i = 0; i < 4; i++) {
            h.advance(Duration.ofSeconds(3));
            h.tick();
            if (i < 3) {
                assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, a));
                assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, b));
            }
        }
        assertEquals("PreparingRebalance", h.state("g"));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("g", 1, c));
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, h.heartbeat("g", 1, a));

        CompletableFuture<Message> joinA = h.join("g", a);
        CompletableFuture<Message> joinB = h.join("g", b);
        assertEquals(2, joinA.join().get(JoinGroupResponse.GENERATION_ID));
        assertEquals(2, joinA.join().get(JoinGroupResponse.MEMBERS).size());
        assertEquals(2, joinB.join().get(JoinGroupResponse.GENERATION_ID));
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
        List<Member> members = h.formGroup("g", 2);
        String a = members.get(0).memberId();
        String b = members.get(1).memberId();
        String c = h.memberIdFor("g");
        CompletableFuture<Message> joinC = h.join("g", c);
        CompletableFuture<Message> joinA = h.join("g", a);

        // b heartbeats (so its session lives) but never rejoins.
        for (int elapsed = 0; elapsed < GroupHarness.REBALANCE_MS; elapsed += 5_000) {
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, h.heartbeat("g", 1, b));
            h.advance(Duration.ofSeconds(5));
            h.tick();
        }
        assertTrue(joinA.isDone());
        assertEquals(2, joinA.join().get(JoinGroupResponse.GENERATION_ID));
        assertEquals(2, joinA.join().get(JoinGroupResponse.MEMBERS).size());
        assertEquals(ErrorCode.NONE.code(), joinC.join().get(JoinGroupResponse.ERROR_CODE));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("g", 2, b));
    }

    @Test
    void aLeaderThatNeverSyncsIsRemovedAfterTheRebalanceTimeout() {
        String a = h.memberIdFor("g");
        String b = h.memberIdFor("g");
        CompletableFuture<Message> joinA = h.join("g", a);
        CompletableFuture<Message> joinB = h.join("g", b);
        h.advance(DELAY);
        h.tick();
        h.advance(DELAY);
        h.tick();
        assertTrue(joinA.isDone() && joinB.isDone());
        CompletableFuture<Message> syncB = h.sync("g", 1, b);
        // The leader stays alive (heartbeats) but never sends its SyncGroup.
        for (int elapsed = 0; elapsed < GroupHarness.REBALANCE_MS; elapsed += 5_000) {
            assertFalse(syncB.isDone());
            assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, a));
            h.advance(Duration.ofSeconds(5));
            h.tick();
        }
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(), syncB.join().get(SyncGroupResponse.ERROR_CODE));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("g", 1, a));
        Message rejoin = h.join("g", b).join();
        assertEquals(2, rejoin.get(JoinGroupResponse.GENERATION_ID));
        assertEquals(b, rejoin.get(JoinGroupResponse.LEADER));
    }

    @Test
    void leaveGroupTriggersARebalanceOfTheRest() {
        List<Member> members = h.formGroup("g", 2);
        String a = members.get(0).memberId();
        String b = members.get(1).memberId();

        Message left = h.leave((short) 5, "g", b, null);
        assertEquals(ErrorCode.NONE.code(), left.get(LeaveGroupResponse.ERROR_CODE));
        Message memberResponse = left.get(LeaveGroupResponse.MEMBERS).get(0);
        assertEquals(b, memberResponse.get(LeaveGroupResponse.MemberResponse.MEMBER_ID));
        assertEquals(ErrorCode.NONE.code(), memberResponse.get(LeaveGroupResponse.MemberResponse.ERROR_CODE));

        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, h.heartbeat("g", 1, a));
        Message rejoin = h.join("g", a).join();
        assertEquals(2, rejoin.get(JoinGroupResponse.GENERATION_ID));
        assertEquals(1, rejoin.get(JoinGroupResponse.MEMBERS).size());

        // The last member leaving empties the group.
        h.sync("g", 2, a, null, Map.of(a, bytes("all"))).join();
        assertEquals(ErrorCode.NONE.code(), h.leave((short) 0, "g", a, null).get(LeaveGroupResponse.ERROR_CODE));
        assertEquals("Empty", h.state("g"));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(),
                h.leave((short) 2, "g", a, null).get(LeaveGroupResponse.ERROR_CODE));
    }

    @Test
    void memberIdRequiredOnlyFromVersion4() {
        Message v4 = h.join((short) 4, "g", "", null, bytes("s")).join();
        assertEquals(ErrorCode.MEMBER_ID_REQUIRED.code(), v4.get(JoinGroupResponse.ERROR_CODE));
        String id = v4.get(JoinGroupResponse.MEMBER_ID);
        assertFalse(id.isEmpty());
        assertEquals(-1, v4.get(JoinGroupResponse.GENERATION_ID));

        // An older client is admitted on its first JoinGroup.
        CompletableFuture<Message> v3 = h.join((short) 3, "g", "", null, bytes("s"));
        CompletableFuture<Message> rejoined = h.join((short) 4, "g", id, null, bytes("s"));
        h.advance(DELAY);
        h.tick();
        h.advance(DELAY);
        h.tick();
        assertEquals(ErrorCode.NONE.code(), v3.join().get(JoinGroupResponse.ERROR_CODE));
        assertEquals(id, rejoined.join().get(JoinGroupResponse.MEMBER_ID));
        assertEquals(1, rejoined.join().get(JoinGroupResponse.GENERATION_ID));
        assertEquals(2, h.describe("g").get(DescribeGroupsResponse.DescribedGroup.MEMBERS).size());
    }

    @Test
    void aPendingMemberThatNeverReturnsIsForgotten() {
        List<Member> members = h.formGroup("g", 1);
        String a = members.get(0).memberId();
        String pending = h.memberIdFor("g");
        h.advance(Duration.ofMillis(GroupHarness.SESSION_MS));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", 1, a));
        h.tick();
        Message late = h.join("g", pending).join();
        // A pending id that expired is an unknown member: the group has no such member.
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), late.get(JoinGroupResponse.ERROR_CODE));
        assertEquals("Stable", h.state("g"));
    }

    @Test
    void joinIsRefusedForBadIdsTimeoutsAndProtocols() {
        Message emptyGroup = h.join("", "").join();
        assertEquals(ErrorCode.INVALID_GROUP_ID.code(), emptyGroup.get(JoinGroupResponse.ERROR_CODE));

        Message tooShort = h.send(ApiKey.JOIN_GROUP, (short) 9, GroupHarness.joinRequest((short) 9, "g", "", null,
                "consumer", Map.of("range", bytes("s"))).set(io.petrel.protocol.schemas.JoinGroupRequest.SESSION_TIMEOUT_MS,
                1_000)).join();
        assertEquals(ErrorCode.INVALID_SESSION_TIMEOUT.code(), tooShort.get(JoinGroupResponse.ERROR_CODE));

        Message unknown = h.join("nobody-here", "made-up-id").join();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), unknown.get(JoinGroupResponse.ERROR_CODE));

        h.formGroup("g", 1);
        Message otherType = h.send(ApiKey.JOIN_GROUP, (short) 9, GroupHarness.joinRequest((short) 9, "g", "", null,
                "connect", Map.of("range", bytes("s")))).join();
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code(), otherType.get(JoinGroupResponse.ERROR_CODE));
        Message otherProtocol = h.send(ApiKey.JOIN_GROUP, (short) 5, GroupHarness.joinRequest((short) 5, "g", "", null,
                "consumer", Map.of("roundrobin", bytes("s")))).join();
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code(), otherProtocol.get(JoinGroupResponse.ERROR_CODE));
    }

    @Test
    void theProtocolEveryMemberSupportsIsChosen() {
        Map<String, byte[]> first = new LinkedHashMap<>();
        first.put("cooperative-sticky", bytes("1"));
        first.put("range", bytes("1"));
        Map<String, byte[]> second = new LinkedHashMap<>();
        second.put("range", bytes("2"));
        CompletableFuture<Message> joinA = h.send(ApiKey.JOIN_GROUP, (short) 3,
                GroupHarness.joinRequest((short) 3, "g", "", null, "consumer", first));
        CompletableFuture<Message> joinB = h.send(ApiKey.JOIN_GROUP, (short) 3,
                GroupHarness.joinRequest((short) 3, "g", "", null, "consumer", second));
        h.advance(DELAY);
        h.tick();
        h.advance(DELAY);
        h.tick();
        assertEquals("range", joinA.join().get(JoinGroupResponse.PROTOCOL_NAME));
        assertEquals("range", joinB.join().get(JoinGroupResponse.PROTOCOL_NAME));
        Message leaderView = joinA.join();
        assertArrayEquals(bytes("2"), leaderView.get(JoinGroupResponse.MEMBERS).get(1)
                .get(JoinGroupResponse.JoinGroupResponseMember.METADATA), "metadata for the chosen protocol");
    }

    @Test
    void theMembersVoteOnTheProtocolAndTheLeaderBreaksTies() {
        Map<String, byte[]> leaderPrefers = new LinkedHashMap<>();
        leaderPrefers.put("roundrobin", bytes("l"));
        leaderPrefers.put("range", bytes("l"));
        Map<String, byte[]> othersPrefer = new LinkedHashMap<>();
        othersPrefer.put("range", bytes("o"));
        othersPrefer.put("roundrobin", bytes("o"));
        List<CompletableFuture<Message>> joins = List.of(
                h.send(ApiKey.JOIN_GROUP, (short) 3, GroupHarness.joinRequest((short) 3, "three", "", null, "consumer", leaderPrefers)),
                h.send(ApiKey.JOIN_GROUP, (short) 3, GroupHarness.joinRequest((short) 3, "three", "", null, "consumer", othersPrefer)),
                h.send(ApiKey.JOIN_GROUP, (short) 3, GroupHarness.joinRequest((short) 3, "three", "", null, "consumer", othersPrefer)),
                h.send(ApiKey.JOIN_GROUP, (short) 3, GroupHarness.joinRequest((short) 3, "two", "", null, "consumer", leaderPrefers)),
                h.send(ApiKey.JOIN_GROUP, (short) 3, GroupHarness.joinRequest((short) 3, "two", "", null, "consumer", othersPrefer)));
        for (int i = 0; i < 3; i++) {
            h.advance(DELAY);
            h.tick();
        }
        assertEquals("range", joins.get(0).join().get(JoinGroupResponse.PROTOCOL_NAME), "two votes to one");
        assertEquals("roundrobin", joins.get(3).join().get(JoinGroupResponse.PROTOCOL_NAME), "a tie: the leader's choice");
    }

    @Test
    void heartbeatAndSyncAnswerForUnknownGroupsMembersAndGenerations() {
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("nobody-here", 0, "x"));
        assertEquals(ErrorCode.INVALID_GROUP_ID, h.heartbeat("", 0, "x"));
        List<Member> members = h.formGroup("g", 1);
        String a = members.get(0).memberId();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("g", 1, "stranger"));
        assertEquals(ErrorCode.ILLEGAL_GENERATION, h.heartbeat("g", 7, a));
        assertEquals(ErrorCode.ILLEGAL_GENERATION.code(),
                h.sync("g", 7, a).join().get(SyncGroupResponse.ERROR_CODE));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(),
                h.sync("g", 1, "stranger").join().get(SyncGroupResponse.ERROR_CODE));
        // A sync in a stable group returns the member's current assignment again.
        assertArrayEquals(bytes("assignment-0"), h.sync("g", 1, a).join().get(SyncGroupResponse.ASSIGNMENT));
    }

    @Test
    void aFollowerRejoiningUnchangedInAStableGroupGetsTheCurrentGeneration() {
        List<Member> members = h.formGroup("g", 2);
        Message again = h.join("g", members.get(1).memberId()).join();
        assertEquals(1, again.get(JoinGroupResponse.GENERATION_ID));
        assertEquals(members.get(0).memberId(), again.get(JoinGroupResponse.LEADER));
        assertEquals("Stable", h.state("g"));
    }

    @Test
    void closingAnswersParkedRequestsWithNotCoordinator() {
        String a = h.memberIdFor("g");
        CompletableFuture<Message> join = h.join("g", a);
        h.close();
        assertEquals(ErrorCode.NOT_COORDINATOR.code(), join.join().get(JoinGroupResponse.ERROR_CODE));
    }
}
