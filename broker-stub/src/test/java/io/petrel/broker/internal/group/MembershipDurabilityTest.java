package io.petrel.broker.internal.group;

import io.petrel.broker.FlushPolicy;
import io.petrel.broker.internal.group.GroupHarness.Member;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeGroupsResponse.DescribedGroup;
import io.petrel.protocol.schemas.DescribeGroupsResponse.DescribedGroupMember;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.SyncGroupResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.petrel.broker.internal.group.GroupHarness.SESSION_MS;
import static io.petrel.broker.internal.group.GroupHarness.bytes;
import static io.petrel.broker.internal.group.OffsetCommitFetchTest.commitErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group's membership as it last settled survives a coordinator restart, as Kafka's does. */
class MembershipDurabilityTest {
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
    void aStableGroupComesBackWithTheSameGenerationMembersAndAssignments() throws Exception {
        List<Member> members = h.formGroup("g", 2);
        List<List<Object>> before = describedMembers(h.describe("g"));

        h.restart();

        Message described = h.describe("g");
        assertEquals("Stable", described.get(DescribedGroup.GROUP_STATE));
        assertEquals("consumer", described.get(DescribedGroup.PROTOCOL_TYPE));
        assertEquals("range", described.get(DescribedGroup.PROTOCOL_DATA));
        assertEquals(before, describedMembers(described));
        assertEquals(List.of(members.get(0).memberId(), members.get(1).memberId(), "assignment-0", "assignment-1"),
                List.of(before.get(0).get(0), before.get(1).get(0), before.get(0).get(5), before.get(1).get(5)));
        for (Member m : members) {
            assertEquals(ErrorCode.NONE, h.heartbeat("g", m.generation(), m.memberId()));
        }
        Member follower = members.get(1);
        assertEquals(List.of(ErrorCode.NONE), commitErrors(h.commit((short) 9, "g", follower.generation(),
                follower.memberId(), Map.of("orders", Map.of(0, 7L)))));
        Message sync = h.sync("g", follower.generation(), follower.memberId()).join();
        assertArrayEquals(bytes("assignment-1"), sync.get(SyncGroupResponse.ASSIGNMENT));
    }

    @Test
    void aMemberThatDoesNotHeartbeatAfterTheRestartExpiresAndTheGroupRebalances() throws Exception {
        List<Member> members = h.formGroup("g", 2);
        Member stays = members.get(0);
        h.restart();

        for (int i = 0; i < 2; i++) {
            h.advance(Duration.ofMillis(SESSION_MS / 2));
            assertEquals(ErrorCode.NONE, h.heartbeat("g", stays.generation(), stays.memberId()));
            h.tick();
        }
        assertEquals("PreparingRebalance", h.state("g"), "the silent member expired");
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, h.heartbeat("g", stays.generation(), stays.memberId()));
        Message rejoin = h.join("g", stays.memberId()).join();
        int next = rejoin.get(JoinGroupResponse.GENERATION_ID);
        assertEquals(stays.generation() + 1, next);
        assertEquals(1, rejoin.get(JoinGroupResponse.MEMBERS).size());
        h.sync("g", next, stays.memberId(), null, Map.of(stays.memberId(), bytes("all"))).join();

        h.restart();
        Message described = h.describe("g");
        assertEquals("Stable", described.get(DescribedGroup.GROUP_STATE));
        assertEquals(List.of(stays.memberId()), memberIds(described));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", next, stays.memberId()));
    }

    @Test
    void anEmptyGroupStaysEmptyAndKeepsCountingGenerations() throws Exception {
        Member m = h.formGroup("g", 1).get(0);
        h.leave((short) 5, "g", m.memberId(), null);
        assertEquals("Empty", h.state("g"));

        h.restart();

        Message described = h.describe("g");
        assertEquals("Empty", described.get(DescribedGroup.GROUP_STATE));
        assertEquals("consumer", described.get(DescribedGroup.PROTOCOL_TYPE));
        assertTrue(described.get(DescribedGroup.MEMBERS).isEmpty());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, h.heartbeat("g", m.generation(), m.memberId()));
        assertEquals(m.generation() + 2, h.formGroup("g", 1).get(0).generation(), "the generation left off at Empty");
    }

    @Test
    void aGroupCaughtMidRebalanceComesBackAsItLastSettled() throws Exception {
        List<Member> members = h.formGroup("g", 2);
        CompletableFuture<Message> leaderRejoin = h.join("g", members.get(0).memberId());
        assertEquals("PreparingRebalance", h.state("g"));

        h.restart();

        assertTrue(leaderRejoin.isDone(), "a parked JoinGroup is answered on close");
        assertEquals("Stable", h.state("g"));
        Member follower = members.get(1);
        assertEquals(ErrorCode.NONE, h.heartbeat("g", follower.generation(), follower.memberId()));
    }

    @Test
    void staticMembersComeBackUnderTheirLatestMemberIds() throws Exception {
        CompletableFuture<Message> joinA = h.join((short) 9, "s", "", "instance-a", bytes("sub-a"));
        CompletableFuture<Message> joinB = h.join((short) 9, "s", "", "instance-b", bytes("sub-b"));
        for (int i = 0; i < 2; i++) {
            h.advance(DELAY);
            h.tick();
        }
        String a = joinA.join().get(JoinGroupResponse.MEMBER_ID);
        String b = joinB.join().get(JoinGroupResponse.MEMBER_ID);
        Map<String, byte[]> assignment = new LinkedHashMap<>();
        assignment.put(a, bytes("for-a"));
        assignment.put(b, bytes("for-b"));
        CompletableFuture<Message> syncB = h.sync("s", 1, b, "instance-b", Map.of());
        h.sync("s", 1, a, "instance-a", assignment).join();
        syncB.join();
        // The follower restarts with a new member id; the Stable group takes it without a rebalance.
        String b2 = h.join((short) 9, "s", "", "instance-b", bytes("sub-b")).join().get(JoinGroupResponse.MEMBER_ID);

        h.restart();

        assertEquals("Stable", h.state("s"));
        assertEquals(ErrorCode.NONE, h.heartbeat("s", 1, a, "instance-a"));
        assertEquals(ErrorCode.NONE, h.heartbeat("s", 1, b2, "instance-b"));
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, h.heartbeat("s", 1, b, "instance-b"));
        Message sync = h.sync("s", 1, b2, "instance-b", Map.of()).join();
        assertArrayEquals(bytes("for-b"), sync.get(SyncGroupResponse.ASSIGNMENT));
        List<List<Object>> described = describedMembers(h.describe("s"));
        assertEquals("instance-b", described.get(1).get(1));
    }

    @Test
    void aTornTailStillLoadsThePreviousSnapshot() throws Exception {
        List<Member> members = h.formGroup("g", 2);
        Member stays = members.get(0);
        h.leave((short) 5, "g", members.get(1).memberId(), null);
        Message rejoin = h.join("g", stays.memberId()).join();
        int next = rejoin.get(JoinGroupResponse.GENERATION_ID);
        h.sync("g", next, stays.memberId(), null, Map.of(stays.memberId(), bytes("all"))).join();
        h.stop();
        // A crash in the middle of writing the latest snapshot, the journal's last entry.
        Path journal = dir.resolve(OffsetsAndMembershipStore.FILE_NAME);
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(journal) - 5);
        }

        h.restart();

        assertEquals("Stable", h.state("g"));
        assertEquals(List.of(stays.memberId(), members.get(1).memberId()),
                memberIds(h.describe("g")));
        assertEquals(ErrorCode.NONE, h.heartbeat("g", stays.generation(), stays.memberId()));
    }

    @Test
    void compactionKeepsTheLatestSnapshotOfEachGroup() throws Exception {
        h.stop();
        long threshold = 4096;
        GroupMember.Protocol range = new GroupMember.Protocol("range", bytes("subscription"));
        try (OffsetsAndMembershipStore store = OffsetsAndMembershipStore.open(dir, FlushPolicy.everyAppend(),
                threshold, 0)) {
            store.recordGroup("g", "consumer");
            for (int generation = 1; generation <= 200; generation++) {
                store.recordMembership(new GroupSnapshot("g", generation, "consumer", "range", "m-" + generation,
                        List.of(member("m-" + generation, null, range), member("static", "instance-1", range))));
                assertTrue(store.journalBytes() <= threshold + 400, "journal stays bounded: " + store.journalBytes());
            }
            store.recordMembership(new GroupSnapshot("e", 4, "consumer", null, null, List.of()));
        }
        assertTrue(Files.size(dir.resolve(OffsetsAndMembershipStore.FILE_NAME)) < threshold + 400);
        try (OffsetsAndMembershipStore store = OffsetsAndMembershipStore.open(dir, FlushPolicy.osPageCache(),
                threshold, 0)) {
            Map<String, GroupSnapshot> loaded = new LinkedHashMap<>();
            store.memberships().forEach(s -> loaded.put(s.groupId(), s));
            GroupSnapshot g = loaded.get("g");
            assertEquals(200, g.generationId());
            assertEquals("m-200", g.leaderId());
            assertEquals("range", g.protocolName());
            GroupSnapshot.MemberSnapshot statik = g.members().get(1);
            assertEquals(List.of("static", "instance-1", "client", "/10.0.0.1", 10_000, 30_000),
                    List.of(statik.memberId(), statik.groupInstanceId(), statik.clientId(), statik.clientHost(),
                            statik.sessionTimeoutMs(), statik.rebalanceTimeoutMs()));
            assertTrue(range.sameAs(statik.protocols().get(0)));
            assertArrayEquals(bytes("assigned-static"), statik.assignment());
            assertNull(g.members().get(0).groupInstanceId());
            assertEquals(4, loaded.get("e").generationId());
            assertTrue(loaded.get("e").isEmpty());
        }
        h.restart();
        assertEquals("Stable", h.state("g"));
        assertEquals("Empty", h.state("e"));
    }

    private static GroupSnapshot.MemberSnapshot member(String id, String instanceId, GroupMember.Protocol protocol) {
        return new GroupSnapshot.MemberSnapshot(id, instanceId, "client", "/10.0.0.1", 10_000, 30_000,
                List.of(protocol), bytes("assigned-" + id));
    }

    /** Each described member as [id, instance id, client id, client host, metadata, assignment]. */
    private static List<List<Object>> describedMembers(Message group) {
        List<List<Object>> result = new ArrayList<>();
        for (Message m : group.get(DescribedGroup.MEMBERS)) {
            List<Object> fields = new ArrayList<>();
            fields.add(m.get(DescribedGroupMember.MEMBER_ID));
            fields.add(m.get(DescribedGroupMember.GROUP_INSTANCE_ID));
            fields.add(m.get(DescribedGroupMember.CLIENT_ID));
            fields.add(m.get(DescribedGroupMember.CLIENT_HOST));
            fields.add(new String(m.get(DescribedGroupMember.MEMBER_METADATA)));
            fields.add(new String(m.get(DescribedGroupMember.MEMBER_ASSIGNMENT)));
            result.add(fields);
        }
        return result;
    }

    private static List<String> memberIds(Message group) {
        List<String> result = new ArrayList<>();
        for (Message m : group.get(DescribedGroup.MEMBERS)) {
            result.add(m.get(DescribedGroupMember.MEMBER_ID));
        }
        return result;
    }
}
