package io.petrel.broker.internal.group;

import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupDescribeRequest;
import io.petrel.protocol.schemas.ConsumerGroupDescribeResponse;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.LeaveGroupResponse;
import io.petrel.protocol.schemas.ListGroupsRequest;
import io.petrel.protocol.schemas.ListGroupsResponse;
import io.petrel.protocol.schemas.SyncGroupResponse;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka 4's online migration of a group with members between the classic and the consumer protocol: a
 * consumer-protocol member joining a classic group turns it into a consumer group whose classic members go on with
 * JoinGroup / SyncGroup / Heartbeat (generation = member epoch) and get their partitions from the server-side
 * assignor, revoking cooperatively; commits keep working; the last consumer-protocol member leaving turns it back;
 * {@code group.consumer.migration.policy} decides; everything survives a restart. Subscriptions and assignments are
 * written and read with kafka-clients' own ConsumerProtocol, so the bytes are Kafka's.
 */
@Timeout(60)
class OnlineMigrationTest {
    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;
    MutableTopics topics = new MutableTopics().create("orders", PARTITIONS);
    GroupHarness h;

    private GroupHarness open(String policy) throws Exception {
        return open(policy, Integer.MAX_VALUE);
    }

    /** With {@code group.max.size} {@code classicMaxSize}. */
    private GroupHarness open(String policy, int classicMaxSize) throws Exception {
        h = new GroupHarness(dir.resolve(policy), Duration.ofSeconds(3), topics,
                ConsumerGroupSettings.defaults().withMigrationPolicy(policy), classicMaxSize);
        return h;
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** A classic consumer as kafka-clients' cooperative one behaves, driven by hand. */
    private final class ClassicMember {
        final String name;
        final String instanceId;
        String memberId = "";
        int generation = -1;
        Set<Integer> owned = new TreeSet<>();
        final Map<Integer, Long> readUpTo = new LinkedHashMap<>();

        ClassicMember(String name) {
            this(name, null);
        }

        /** A static member ({@code group.instance.id}) when {@code instanceId} is not null. */
        ClassicMember(String name, String instanceId) {
            this.name = name;
            this.instanceId = instanceId;
        }

        byte[] subscription() {
            List<TopicPartition> ownedPartitions = owned.stream().map(p -> new TopicPartition("orders", p)).toList();
            ByteBuffer b = ConsumerProtocol.serializeSubscription(new ConsumerPartitionAssignor.Subscription(
                    List.of("orders"), null, ownedPartitions, generation, java.util.Optional.empty()), (short) 3);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }

        /**
         * JoinGroup (v9), first asking for an id unless static; the response may be parked in a classic group.
         */
        CompletableFuture<Message> join() {
            if (memberId.isEmpty() && instanceId == null) {
                Message r = h.call(ApiKey.JOIN_GROUP, (short) 9, joinRequest());
                assertEquals(ErrorCode.MEMBER_ID_REQUIRED.code(), r.get(JoinGroupResponse.ERROR_CODE), name);
                memberId = r.get(JoinGroupResponse.MEMBER_ID);
            }
            return h.send(ApiKey.JOIN_GROUP, (short) 9, joinRequest()).thenApply(r -> {
                if (r.get(JoinGroupResponse.ERROR_CODE) == ErrorCode.NONE.code()) {
                    generation = r.get(JoinGroupResponse.GENERATION_ID);
                    memberId = r.get(JoinGroupResponse.MEMBER_ID);
                }
                return r;
            });
        }

        private Message joinRequest() {
            return GroupHarness.joinRequest((short) 9, "g", memberId, instanceId, GroupHarness.CONSUMER,
                    Map.of("range", subscription()));
        }

        /** SyncGroup as a follower; returns the error, taking the assignment on success. */
        ErrorCode sync() {
            CompletableFuture<Message> f = h.sync("g", generation, memberId, instanceId, Map.of());
            assertTrue(f.isDone(), name + "'s SyncGroup is answered at once");
            Message r = f.join();
            ErrorCode error = ErrorCode.forCode(r.get(SyncGroupResponse.ERROR_CODE));
            if (error == ErrorCode.NONE) {
                takeAssignment(r.get(SyncGroupResponse.ASSIGNMENT));
            }
            return error;
        }

        /** What it owned but no longer is assigned: committed first (as onPartitionsRevoked does), then dropped. */
        Set<Integer> lastRevoked = Set.of();

        void takeAssignment(byte[] bytes) {
            Set<Integer> assigned = ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(bytes)).partitions()
                    .stream().map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new));
            Set<Integer> revoked = new TreeSet<>(owned);
            revoked.removeAll(assigned);
            if (!revoked.isEmpty()) {
                assertEquals(List.of(ErrorCode.NONE), commitRead(revoked), name + " commits what it gives up");
            }
            lastRevoked = revoked;
            owned = assigned;
        }

        /** Commits the offsets it has read of these partitions at its generation. */
        List<ErrorCode> commitRead(Set<Integer> partitions) {
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            for (int p : partitions) {
                offsets.put(p, readUpTo.getOrDefault(p, 0L));
            }
            return new ArrayList<>(new HashSet<>(OffsetCommitFetchTest.commitErrors(
                    h.commit((short) 8, "g", generation, memberId, Map.of("orders", offsets)))));
        }

        void read(long upTo) {
            owned.forEach(p -> readUpTo.put(p, upTo));
        }

        ErrorCode heartbeat() {
            return h.heartbeat("g", generation, memberId);
        }

        /** Rejoins and syncs (within a consumer group both are answered at once) until it stops revoking. */
        void rejoinUntilSettled() {
            for (int i = 0; i < 5; i++) {
                CompletableFuture<Message> f = join();
                assertTrue(f.isDone(), name + "'s JoinGroup to a consumer group is answered at once");
                Message r = f.join();
                assertEquals(ErrorCode.NONE.code(), r.get(JoinGroupResponse.ERROR_CODE), name + " rejoins");
                assertEquals("", r.get(JoinGroupResponse.LEADER), "nobody leads: the broker assigns");
                assertEquals(ErrorCode.NONE, sync(), name + " syncs");
                if (lastRevoked.isEmpty()) {
                    return;
                }
            }
            throw new AssertionError(name + " kept revoking");
        }
    }

    /** Two classic members forming a Stable classic group; the leader splits the topic 0,1 / 2,3. */
    private List<ClassicMember> classicGroup() {
        ClassicMember a = new ClassicMember("a");
        ClassicMember b = new ClassicMember("b");
        CompletableFuture<Message> ja = a.join();
        CompletableFuture<Message> jb = b.join();
        // The first rebalance waits out group.initial.rebalance.delay.ms, longer while members keep arriving.
        for (int i = 0; i < 10 && !(ja.isDone() && jb.isDone()); i++) {
            h.advance(Duration.ofSeconds(3));
            h.tick();
        }
        assertTrue(ja.isDone() && jb.isDone(), "the join phase completed");
        assertEquals(ErrorCode.NONE.code(), ja.join().get(JoinGroupResponse.ERROR_CODE));
        assertEquals(ErrorCode.NONE.code(), jb.join().get(JoinGroupResponse.ERROR_CODE));
        assertEquals(a.memberId, ja.join().get(JoinGroupResponse.LEADER));
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        assignments.put(a.memberId, assignment(0, 1));
        assignments.put(b.memberId, assignment(2, 3));
        CompletableFuture<Message> sb = h.sync("g", b.generation, b.memberId);
        Message sa = h.sync("g", a.generation, a.memberId, null, assignments).join();
        a.takeAssignment(sa.get(SyncGroupResponse.ASSIGNMENT));
        b.takeAssignment(sb.join().get(SyncGroupResponse.ASSIGNMENT));
        assertEquals(Set.of(0, 1), a.owned);
        assertEquals(Set.of(2, 3), b.owned);
        return List.of(a, b);
    }

    private static byte[] assignment(int... partitions) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p : partitions) {
            tps.add(new TopicPartition("orders", p));
        }
        ByteBuffer b = ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(tps));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private String groupType() {
        Message r = h.call(ApiKey.LIST_GROUPS, (short) 5, ListGroupsRequest.SCHEMA.newMessage()
                .set(ListGroupsRequest.STATES_FILTER, List.of()).set(ListGroupsRequest.TYPES_FILTER, List.of()));
        return r.get(ListGroupsResponse.GROUPS).stream().filter(g -> g.get(ListGroupsResponse.ListedGroup.GROUP_ID)
                .equals("g")).map(g -> g.get(ListGroupsResponse.ListedGroup.GROUP_TYPE)).findFirst().orElse("none");
    }

    /** member id -> MemberType (0 classic, 1 consumer) as ConsumerGroupDescribe v1 reports them. */
    private Map<String, Byte> memberTypes() {
        Message r = h.call(ApiKey.CONSUMER_GROUP_DESCRIBE, (short) 1, ConsumerGroupDescribeRequest.SCHEMA.newMessage()
                .set(ConsumerGroupDescribeRequest.GROUP_IDS, List.of("g")));
        Map<String, Byte> types = new LinkedHashMap<>();
        for (Message m : r.get(ConsumerGroupDescribeResponse.GROUPS).get(0)
                .get(ConsumerGroupDescribeResponse.DescribedGroup.MEMBERS)) {
            types.put(m.get(ConsumerGroupDescribeResponse.Member.MEMBER_ID),
                    m.get(ConsumerGroupDescribeResponse.Member.MEMBER_TYPE));
        }
        return types;
    }

    private Set<Integer> partitionsOf(ProtocolMember m) {
        return m.owned.partitions(topics.id("orders"));
    }

    private static void assertSplit(Set<Integer> a, Set<Integer> b, Set<Integer> c) {
        Set<Integer> all = new TreeSet<>();
        all.addAll(a);
        all.addAll(b);
        all.addAll(c);
        assertEquals(PARTITIONS, a.size() + b.size() + c.size(), "no partition owned twice: " + a + b + c);
        assertEquals(Set.of(0, 1, 2, 3), all);
    }

    @Test
    void aClassicGroupUpgradesMemberByMemberKeepingCommitsAndComesBackWhenTheLastConsumerMemberLeaves()
            throws Exception {
        open("bidirectional");
        List<ClassicMember> classic = classicGroup();
        ClassicMember a = classic.get(0);
        ClassicMember b = classic.get(1);
        int generation = a.generation;
        a.read(10);
        b.read(20);
        assertEquals(List.of(ErrorCode.NONE), a.commitRead(a.owned));

        ProtocolMember c = new ProtocolMember(h, "g", null);
        ProtocolMember.Reply joined = c.join("orders");
        assertEquals(ErrorCode.NONE, joined.error(), "a consumer-protocol member joins the classic group");
        assertEquals("consumer", groupType());
        assertEquals(generation + 1, joined.epoch(), "the group epoch goes on from the generation");
        assertEquals(Set.of(), partitionsOf(c), "every partition is still owned by a classic member");
        assertEquals(Map.of(a.memberId, (byte) 0, b.memberId, (byte) 0, c.memberId, (byte) 1), memberTypes());

        // The classic members are still at their generation: their commits and heartbeats work; they must rejoin.
        assertEquals(List.of(ErrorCode.NONE), b.commitRead(b.owned), "a commit at the old generation");
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, a.heartbeat());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, b.heartbeat());
        assertEquals(ErrorCode.ILLEGAL_GENERATION, h.heartbeat("g", generation + 7, a.memberId));

        a.rejoinUntilSettled();
        b.rejoinUntilSettled();
        assertEquals(generation + 1, a.generation, "the generation is the member epoch");
        assertEquals(ErrorCode.NONE, a.heartbeat());
        assertEquals(ErrorCode.NONE, b.heartbeat());
        c.settle();
        assertSplit(a.owned, b.owned, partitionsOf(c));
        assertFalse(partitionsOf(c).isEmpty(), "the consumer-protocol member got the partitions the others gave up");
        assertEquals(Map.of(0, 10L, 1, 10L, 2, 20L, 3, 20L),
                OffsetCommitFetchTest.fetched(h.fetch((short) 9, "g", null)).get("orders"),
                "every commit made through the upgrade is there, none moved");
        assertEquals(List.of(ErrorCode.ILLEGAL_GENERATION), OffsetCommitFetchTest.commitErrors(h.commit((short) 8, "g",
                generation, a.memberId, Map.of("orders", Map.of(0, 99L)))),
                "a classic member commits at its current generation only");

        // The last consumer-protocol member leaves: the group is classic again and rebalances.
        c.leave(-1);
        assertEquals("classic", groupType());
        assertEquals("PreparingRebalance", h.state("g"));
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, a.heartbeat());
        CompletableFuture<Message> ja = a.join();
        CompletableFuture<Message> jb = b.join();
        assertTrue(ja.isDone() && jb.isDone(), "the rebalance completes once both rejoined");
        Message leader = ja.join();
        assertEquals(ErrorCode.NONE.code(), leader.get(JoinGroupResponse.ERROR_CODE));
        assertEquals(ErrorCode.NONE.code(), jb.join().get(JoinGroupResponse.ERROR_CODE));
        assertTrue(a.generation > generation + 1, "a new classic generation");
        assertEquals(2, leader.get(JoinGroupResponse.MEMBERS).size() + jb.join().get(JoinGroupResponse.MEMBERS).size(),
                "the leader is told both members' subscriptions");
    }

    @Test
    void theUpgradedGroupAndItsClassicMembersSurviveARestart() throws Exception {
        open("bidirectional");
        List<ClassicMember> classic = classicGroup();
        ClassicMember a = classic.get(0);
        ProtocolMember c = new ProtocolMember(h, "g", null);
        assertEquals(ErrorCode.NONE, c.join("orders").error());
        a.rejoinUntilSettled();

        h.restart();

        assertEquals("consumer", groupType());
        assertEquals(Map.of((byte) 0, 2L, (byte) 1, 1L), memberTypes().values().stream()
                .collect(Collectors.groupingBy(t -> t, Collectors.counting())), "two classic members, one consumer");
        assertEquals(ErrorCode.NONE, a.heartbeat(), "a classic member carries on at its generation");
        assertEquals(List.of(ErrorCode.NONE), a.commitRead(a.owned));
        // Its session is its own (JoinGroup's session timeout), not group.consumer.session.timeout.ms.
        h.advance(Duration.ofMillis(GroupHarness.SESSION_MS - 1));
        assertEquals(ErrorCode.NONE, c.heartbeat().error());
        h.tick();
        assertEquals(ErrorCode.NONE, a.heartbeat());
        h.advance(Duration.ofMillis(GroupHarness.SESSION_MS + 1));
        assertEquals(ErrorCode.NONE, c.heartbeat().error());
        assertEquals(ErrorCode.NONE, a.heartbeat());
        h.tick();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, classic.get(1).heartbeat(), "b, silent past its session, is gone");
        assertEquals(2, memberTypes().size());
    }

    @Test
    void thePolicyDecidesWhetherGroupsWithMembersConvert() throws Exception {
        open("disabled");
        classicGroup();
        ProtocolMember.Reply refused = new ProtocolMember(h, "g", null).join("orders");
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, refused.error());
        assertEquals("Group g is not a consumer group.", refused.message());
        assertEquals("classic", groupType());
        h.close();
        h = null;

        GroupHarness upgradeOnly = open("upgrade");
        List<ClassicMember> classic = classicGroup();
        ProtocolMember c = new ProtocolMember(upgradeOnly, "g", null);
        assertEquals(ErrorCode.NONE, c.join("orders").error(), "upgrade is allowed");
        c.leave(-1);
        assertEquals("consumer", groupType(), "downgrade is not: the classic members stay in a consumer group");
        classic.get(0).rejoinUntilSettled();
        classic.get(1).rejoinUntilSettled();
        assertSplit(classic.get(0).owned, classic.get(1).owned, Set.of());
    }

    @Test
    void aGroupOfAnotherProtocolTypeIsNotUpgraded() throws Exception {
        open("bidirectional");
        Message r = h.call(ApiKey.JOIN_GROUP, (short) 9, GroupHarness.joinRequest((short) 9, "g", "", null, "connect",
                Map.of("v1", GroupHarness.bytes("x"))));
        String id = r.get(JoinGroupResponse.MEMBER_ID);
        CompletableFuture<Message> joined = h.send(ApiKey.JOIN_GROUP, (short) 9, GroupHarness.joinRequest((short) 9,
                "g", id, null, "connect", Map.of("v1", GroupHarness.bytes("x"))));
        for (int i = 0; i < 10 && !joined.isDone(); i++) {
            h.advance(Duration.ofSeconds(3));
            h.tick();
        }
        assertEquals(ErrorCode.NONE.code(), joined.join().get(JoinGroupResponse.ERROR_CODE));
        ProtocolMember.Reply refused = new ProtocolMember(h, "g", null).join("orders");
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, refused.error());
        assertEquals("Group g is not a consumer group.", refused.message());
    }

    @Test
    void leaveGroupRemovesMembersOfEitherProtocolFromAConsumerGroup() throws Exception {
        open("bidirectional");
        ProtocolMember c = new ProtocolMember(h, "g", null);
        ProtocolMember d = new ProtocolMember(h, "g", null);
        c.join("orders");
        d.join("orders");
        ClassicMember a = new ClassicMember("a");
        assertEquals(ErrorCode.NONE.code(), a.join().join().get(JoinGroupResponse.ERROR_CODE),
                "a classic member joins a consumer group with members");
        assertEquals(3, memberTypes().size());

        // As kafka-clients' Admin removeMembersFromConsumerGroup does: by member id, whatever protocol it speaks.
        Message left = h.leave((short) 5, "g", c.memberId, null);
        assertEquals(ErrorCode.NONE.code(), left.get(LeaveGroupResponse.ERROR_CODE));
        assertEquals(ErrorCode.NONE.code(), left.get(LeaveGroupResponse.MEMBERS).get(0)
                .get(LeaveGroupResponse.MemberResponse.ERROR_CODE));
        assertEquals(c.memberId, left.get(LeaveGroupResponse.MEMBERS).get(0)
                .get(LeaveGroupResponse.MemberResponse.MEMBER_ID));
        Message unknown = h.leave((short) 5, "g", "nobody", null);
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), unknown.get(LeaveGroupResponse.MEMBERS).get(0)
                .get(LeaveGroupResponse.MemberResponse.ERROR_CODE));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, c.heartbeat().error(), "the removed member is fenced");
        assertEquals("consumer", groupType(), "a consumer-protocol member is left");

        // The last consumer-protocol member removed by LeaveGroup: only the classic member stays, the group is classic.
        h.leave((short) 5, "g", d.memberId, null);
        assertEquals("classic", groupType());
        assertNotEquals("Empty", h.state("g"));
    }

    @Test
    void aClassicMemberMustOfferAProtocolEveryOtherClassicMemberOffers() throws Exception {
        open("bidirectional");
        ProtocolMember c = new ProtocolMember(h, "g", null);
        c.join("orders");
        ClassicMember a = new ClassicMember("a");
        a.join().join();
        Message r = h.call(ApiKey.JOIN_GROUP, (short) 9, GroupHarness.joinRequest((short) 9, "g", "x", null,
                GroupHarness.CONSUMER, Map.of("roundrobin", a.subscription())));
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code(), r.get(JoinGroupResponse.ERROR_CODE));
        Message sync = h.send(ApiKey.SYNC_GROUP, (short) 5, GroupHarness.syncRequest((short) 5, "g", a.generation,
                c.memberId, null, Map.of())).join();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), sync.get(SyncGroupResponse.ERROR_CODE),
                "a consumer-protocol member does not use SyncGroup");
    }

    @Test
    void aClassicMemberThatDoesNotRejoinWithinItsRebalanceTimeoutIsFenced() throws Exception {
        open("bidirectional");
        List<ClassicMember> classic = classicGroup();
        ClassicMember a = classic.get(0);
        ClassicMember b = classic.get(1);
        ProtocolMember c = new ProtocolMember(h, "g", null);
        c.join("orders");
        b.rejoinUntilSettled();
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, a.heartbeat(), "a is told to rejoin, and does not");
        // It keeps heartbeating (its session stays alive) but never rejoins: its rebalance timeout fences it.
        for (int waited = 0; waited < GroupHarness.REBALANCE_MS; waited += GroupHarness.SESSION_MS / 2) {
            h.advance(Duration.ofMillis(GroupHarness.SESSION_MS / 2));
            c.heartbeat();
            b.heartbeat();
            a.heartbeat();
            h.tick();
        }
        h.advance(Duration.ofMillis(1));
        h.tick();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, a.heartbeat());
        b.rejoinUntilSettled();
        c.settle();
        assertSplit(Set.of(), b.owned, partitionsOf(c));
    }

    @Test
    void aClassicGroupUpgradedMidRebalanceTellsItsWaitingMembersToRejoin() throws Exception {
        open("bidirectional");
        List<ClassicMember> classic = classicGroup();
        ClassicMember a = classic.get(0);
        CompletableFuture<Message> parked = a.join();
        assertFalse(parked.isDone(), "a's JoinGroup waits for b in the classic rebalance");
        assertEquals(ErrorCode.NONE, new ProtocolMember(h, "g", null).join("orders").error());
        assertTrue(parked.isDone());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(), parked.join().get(JoinGroupResponse.ERROR_CODE));
        a.rejoinUntilSettled();
        assertEquals(ErrorCode.NONE, a.heartbeat());
    }

    @Test
    void aConsumerGroupWithMoreClassicMembersThanTheClassicMaxSizeStaysAConsumerGroupUntilEnoughLeave()
            throws Exception {
        open("bidirectional", 2);
        ProtocolMember c = new ProtocolMember(h, "g", null);
        assertEquals(ErrorCode.NONE, c.join("orders").error());
        List<ClassicMember> classic = List.of(new ClassicMember("a"), new ClassicMember("b"), new ClassicMember("d"));
        for (ClassicMember m : classic) {
            assertEquals(ErrorCode.NONE.code(), m.join().join().get(JoinGroupResponse.ERROR_CODE),
                    "group.max.size does not limit classic members of a consumer group");
        }

        c.leave(-1);
        assertEquals("consumer", groupType(), "three classic members would exceed group.max.size 2");
        assertEquals(3, memberTypes().size());
        for (ClassicMember m : classic) {
            m.rejoinUntilSettled();
        }
        assertSplit(classic.get(0).owned, classic.get(1).owned, classic.get(2).owned);

        // A classic member leaving brings the group within the limit: it is downgraded then, as Kafka 4.3 does.
        Message left = h.leave((short) 5, "g", classic.get(2).memberId, null);
        assertEquals(ErrorCode.NONE.code(), left.get(LeaveGroupResponse.ERROR_CODE));
        assertEquals("classic", groupType());
        assertEquals("PreparingRebalance", h.state("g"));
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, classic.get(0).heartbeat());
    }

    @Test
    void aStaticClassicMemberReplacingTheLastConsumerProtocolMemberDowngradesTheGroupWithoutARebalance()
            throws Exception {
        open("bidirectional");
        ProtocolMember c = new ProtocolMember(h, "g", "instance-c");
        assertEquals(ErrorCode.NONE, c.join("orders").error());
        ClassicMember a = new ClassicMember("a");
        a.rejoinUntilSettled();
        c.settle();
        a.rejoinUntilSettled();
        Set<Integer> cHeld = partitionsOf(c);
        assertFalse(cHeld.isEmpty());
        assertSplit(a.owned, cHeld, Set.of());
        int epoch = c.epoch;
        assertEquals(ErrorCode.NONE, c.leave(-2).error(), "c leaves for now, keeping its partitions");
        assertEquals("consumer", groupType());

        ClassicMember replacement = new ClassicMember("c2", "instance-c");
        Message joined = replacement.join().join();
        assertEquals(ErrorCode.NONE.code(), joined.get(JoinGroupResponse.ERROR_CODE));
        assertEquals(epoch, replacement.generation, "the generation is the group epoch");
        assertEquals("classic", groupType(), "its only consumer-protocol member replaced, the group is classic");
        assertEquals("Stable", h.state("g"), "no rebalance: everyone keeps what it has");
        assertEquals(ErrorCode.NONE, replacement.sync());
        assertEquals(cHeld, replacement.owned, "the replacement takes over the partitions of the member it replaced");
        assertEquals(ErrorCode.NONE, a.heartbeat(), "the other member is not asked to rejoin");
        assertEquals(ErrorCode.NONE, replacement.heartbeat());
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, c.heartbeat().error(), "the group is no consumer group any more");
    }

    @Test
    void aStaticReplacementDoesNotDowngradeAGroupLargerThanTheClassicMaxSize() throws Exception {
        open("bidirectional", 1);
        ProtocolMember c = new ProtocolMember(h, "g", "instance-c");
        assertEquals(ErrorCode.NONE, c.join("orders").error());
        ClassicMember a = new ClassicMember("a");
        a.rejoinUntilSettled();
        c.leave(-2);

        ClassicMember replacement = new ClassicMember("c2", "instance-c");
        assertEquals(ErrorCode.NONE.code(), replacement.join().join().get(JoinGroupResponse.ERROR_CODE));
        assertEquals("consumer", groupType(), "two classic members exceed group.max.size 1");
        assertEquals(Map.of(a.memberId, (byte) 0, replacement.memberId, (byte) 0), memberTypes());
        assertEquals(ErrorCode.NONE, replacement.sync());
    }
}
