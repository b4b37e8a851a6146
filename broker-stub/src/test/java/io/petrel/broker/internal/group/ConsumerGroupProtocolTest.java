package io.petrel.broker.internal.group;

import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.broker.internal.group.ProtocolMember.Reply;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupDescribeRequest;
import io.petrel.protocol.schemas.ConsumerGroupDescribeResponse;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ConsumerGroupHeartbeat (KIP-848) against the coordinator, time on a manual clock. */
class ConsumerGroupProtocolTest {
    @TempDir
    Path dir;
    MutableTopics topics;
    GroupHarness h;

    @BeforeEach
    void open() throws Exception {
        topics = new MutableTopics().create("orders", 4).create("audit", 2);
        h = new GroupHarness(dir, Duration.ZERO, topics);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private void assertDisjointAndComplete(int partitions, ProtocolMember... members) {
        PartitionAssignment all = PartitionAssignment.EMPTY;
        int total = 0;
        for (ProtocolMember m : members) {
            assertFalse(all.intersects(m.owned), "two members own a partition: " + m.owned + " and " + all);
            all = all.union(m.owned);
            total += m.owned.size();
        }
        assertEquals(partitions, total, "every partition is owned once");
    }

    Message describe(String group) {
        Message r = h.call(ApiKey.CONSUMER_GROUP_DESCRIBE, (short) 1, ConsumerGroupDescribeRequest.SCHEMA.newMessage()
                .set(ConsumerGroupDescribeRequest.GROUP_IDS, List.of(group)));
        return r.get(ConsumerGroupDescribeResponse.GROUPS).get(0);
    }

    String state(String group) {
        return describe(group).get(ConsumerGroupDescribeResponse.DescribedGroup.GROUP_STATE);
    }

    @Test
    void aFirstMemberGetsEveryPartitionAtEpochOneAndTheHeartbeatInterval() {
        ProtocolMember a = new ProtocolMember(h, "g", null);
        Reply r = a.join("orders");
        assertEquals(ErrorCode.NONE, r.error());
        assertEquals(a.memberId, r.memberId());
        assertEquals(1, r.epoch());
        assertEquals(5000, r.intervalMs());
        assertEquals(4, r.assignment().size());
        assertEquals("Stable", state("g"));
        Reply again = a.heartbeat();
        assertEquals(1, again.epoch());
        assertNull(again.assignment(), "an unchanged assignment is not sent again");
    }

    @Test
    void aJoiningMemberGetsPartitionsOnlyOnceTheirOwnerRevokedThem() {
        ProtocolMember a = new ProtocolMember(h, "g", null);
        a.join("orders");
        ProtocolMember b = new ProtocolMember(h, "g", null);
        Reply joined = b.join("orders");
        assertEquals(2, joined.epoch());
        assertTrue(joined.assignment().isEmpty(), "a still owns everything: " + joined.assignment());
        assertEquals("Reconciling", state("g"));

        Reply revoke = a.call(ProtocolMember.request("g", a.memberId, a.epoch)
                .set(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS, a.owned.toWire()));
        assertEquals(1, revoke.epoch(), "a stays at its epoch until it has revoked");
        assertEquals(2, revoke.assignment().size(), "the revoked partitions are no longer in a's assignment");
        assertTrue(b.heartbeat().assignment() == null || b.owned.isEmpty(), "b gets nothing before a acknowledges");
        assertTrue(b.owned.isEmpty());

        a.owned = revoke.assignment();
        assertEquals(2, a.heartbeat().epoch(), "having revoked, a moves to the new epoch");
        Reply given = b.heartbeat();
        assertEquals(2, given.assignment().size());
        assertDisjointAndComplete(4, a, b);
        assertEquals("Stable", state("g"));
    }

    @Test
    void aMemberLeavingOrExpiringHandsItsPartitionsOn() {
        ProtocolMember a = new ProtocolMember(h, "g", null);
        ProtocolMember b = new ProtocolMember(h, "g", null);
        ProtocolMember c = new ProtocolMember(h, "g", null);
        a.join("orders", "audit");
        b.join("orders", "audit");
        c.join("orders", "audit");
        for (int i = 0; i < 3; i++) {
            a.settle();
            b.settle();
            c.settle();
        }
        assertDisjointAndComplete(6, a, b, c);
        assertEquals(2, a.owned.size());

        assertEquals(-1, c.leave(-1).epoch());
        a.settle();
        b.settle();
        a.settle();
        assertDisjointAndComplete(6, a, b);

        h.advance(Duration.ofMillis(45_000 - 1));
        a.heartbeat();
        h.tick();
        assertEquals(ErrorCode.NONE, b.heartbeat().error(), "b's session has not expired yet");
        h.advance(Duration.ofMillis(45_000));
        a.heartbeat();
        h.tick();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, b.heartbeat().error(), "b's session expired on the clock");
        a.settle();
        assertEquals(6, a.owned.size());
    }

    @Test
    void aMemberThatDoesNotRevokeWithinItsRebalanceTimeoutIsFenced() {
        ProtocolMember a = new ProtocolMember(h, "g", null);
        a.join("orders");
        ProtocolMember b = new ProtocolMember(h, "g", null);
        b.join("orders");
        // a is told to revoke but keeps reporting everything it owned.
        Reply told = a.call(ProtocolMember.request("g", a.memberId, a.epoch)
                .set(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS, a.owned.toWire()));
        assertEquals(2, told.assignment().size());
        h.advance(Duration.ofMillis(GroupHarness.REBALANCE_MS - 1));
        b.heartbeat();
        a.call(ProtocolMember.request("g", a.memberId, a.epoch)
                .set(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS, a.owned.toWire()));
        h.tick();
        h.advance(Duration.ofMillis(1));
        b.heartbeat();
        h.tick();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, a.heartbeat().error());
        b.settle();
        assertEquals(4, b.owned.size());
    }

    @Test
    void requestsAreCheckedAsKafkaChecksThem() {
        ProtocolMember a = new ProtocolMember(h, "g", null);
        a.join("orders");
        Reply noTimeout = a.call(ProtocolMember.request("g", "x", 0)
                .set(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES, List.of("orders"))
                .set(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS, List.of()));
        assertEquals(ErrorCode.INVALID_REQUEST, noTimeout.error());
        assertEquals("RebalanceTimeoutMs must be provided in first request.", noTimeout.message());
        Reply noSubscription = a.call(ProtocolMember.request("g", "x", 0)
                .set(ConsumerGroupHeartbeatRequest.REBALANCE_TIMEOUT_MS, 1000)
                .set(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS, List.of()));
        assertEquals("Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.",
                noSubscription.message());
        assertEquals("MemberId can't be empty.", a.call(ProtocolMember.request("g", "", 1)).message());
        assertEquals("MemberEpoch is invalid.", a.call(ProtocolMember.request("g", "x", -3)).message());
        assertEquals("GroupId can't be empty.", a.call(ProtocolMember.request("", "x", 1)).message());

        Reply unknown = a.call(ProtocolMember.request("g", "nobody", 1));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, unknown.error());
        assertEquals("Member nobody is not a member of group g.", unknown.message());
        Reply ahead = a.call(ProtocolMember.request("g", a.memberId, 7));
        assertEquals(ErrorCode.FENCED_MEMBER_EPOCH, ahead.error());
        assertTrue(ahead.message().contains("greater member epoch (7)"), ahead.message());

        ProtocolMember bad = new ProtocolMember(h, "g", null);
        assertEquals(ErrorCode.UNSUPPORTED_ASSIGNOR, bad.join(List.of("orders"), null, "sticky").error());
        Reply regex = bad.join(List.of(), "orders(", null);
        assertEquals(ErrorCode.INVALID_REGULAR_EXPRESSION, regex.error());
        assertTrue(regex.message().startsWith("SubscribedTopicRegex `orders(` is not a valid regular expression"),
                regex.message());
    }

    @Test
    void aFullGroupRefusesNewMembers(@TempDir Path other) throws Exception {
        try (GroupHarness small = new GroupHarness(other, Duration.ZERO, topics,
                ConsumerGroupSettings.defaults().withMaxSize(2))) {
            new ProtocolMember(small, "g", null).join("orders");
            new ProtocolMember(small, "g", null).join("orders");
            Reply third = new ProtocolMember(small, "g", null).join("orders");
            assertEquals(ErrorCode.GROUP_MAX_SIZE_REACHED, third.error());
            assertEquals("The consumer group has reached its maximum capacity of 2 members.", third.message());
        }
    }

    @Test
    void aStaticMemberThatLeavesWithMinusTwoKeepsItsPartitionsUntilItComesBackOrExpires() {
        ProtocolMember a = new ProtocolMember(h, "g", "instance-a");
        ProtocolMember b = new ProtocolMember(h, "g", null);
        a.join("orders");
        b.join("orders");
        for (int i = 0; i < 3; i++) {
            a.settle();
            b.settle();
        }
        PartitionAssignment kept = a.owned;
        int groupEpoch = describe("g").get(ConsumerGroupDescribeResponse.DescribedGroup.GROUP_EPOCH);
        assertEquals(-2, a.leave(-2).epoch());
        b.settle();
        assertEquals(2, b.owned.size(), "b does not get a's partitions while a may come back");

        ProtocolMember duplicate = new ProtocolMember(h, "g", "instance-a");
        ProtocolMember back = new ProtocolMember(h, "g", "instance-a");
        Reply rejoined = back.join("orders");
        assertEquals(kept, rejoined.assignment(), "the static member gets its partitions back at once");
        assertEquals(groupEpoch, describe("g").get(ConsumerGroupDescribeResponse.DescribedGroup.GROUP_EPOCH),
                "coming back under a new member id is no rebalance");
        Reply second = duplicate.join("orders");
        assertEquals(ErrorCode.UNRELEASED_INSTANCE_ID, second.error());

        assertEquals(-2, back.leave(-2).epoch());
        h.advance(Duration.ofSeconds(30));
        b.heartbeat();
        h.tick();
        assertEquals(2, describe("g").get(ConsumerGroupDescribeResponse.DescribedGroup.MEMBERS).size());
        h.advance(Duration.ofSeconds(16));
        h.tick();
        b.settle();
        b.settle();
        assertEquals(4, b.owned.size(), "b gets a's partitions once a's session expired");
        assertEquals(1, describe("g").get(ConsumerGroupDescribeResponse.DescribedGroup.MEMBERS).size());
    }

    @Test
    void aRegexSubscriptionFollowsTopicsAsTheyAppearGrowAndGo() {
        ProtocolMember a = new ProtocolMember(h, "g", null);
        Reply r = a.join(List.of(), "orders.*", null);
        assertEquals(4, r.assignment().size());
        topics.create("orders-eu", 3);
        Reply more = a.heartbeat();
        assertEquals(2, more.epoch(), "a new matching topic moves the group epoch");
        assertEquals(7, a.owned.size());
        topics.grow("orders", 6);
        a.heartbeat();
        assertEquals(9, a.owned.size(), "new partitions are assigned");
        topics.delete("orders-eu");
        a.settle();
        assertEquals(6, a.owned.size());
        assertEquals("orders.*", describe("g").get(ConsumerGroupDescribeResponse.DescribedGroup.MEMBERS).get(0)
                .get(ConsumerGroupDescribeResponse.Member.SUBSCRIBED_TOPIC_REGEX));
    }

    @Test
    void theRangeAssignorGivesEachMemberTheSamePartitionNumbersOfEveryTopic() {
        topics.create("left", 3).create("right", 3);
        ProtocolMember a = new ProtocolMember(h, "g", "a-member", null);
        ProtocolMember b = new ProtocolMember(h, "g", "b-member", null);
        a.join(List.of("left", "right"), null, "range");
        b.join(List.of("left", "right"), null, "range");
        for (int i = 0; i < 3; i++) {
            a.settle();
            b.settle();
        }
        assertEquals(List.of(0, 1), List.copyOf(a.owned.partitions(topics.id("left"))));
        assertEquals(List.of(0, 1), List.copyOf(a.owned.partitions(topics.id("right"))));
        assertEquals(List.of(2), List.copyOf(b.owned.partitions(topics.id("left"))));
        assertEquals("range", describe("g").get(ConsumerGroupDescribeResponse.DescribedGroup.ASSIGNOR_NAME));
    }
}
