package io.petrel.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Assignment;
import io.petrel.consumer.PartitionAssignor.Subscription;
import io.petrel.consumer.internal.assignor.ConsumerProtocolCodec;
import io.petrel.consumer.internal.assignor.KafkaAssignorBridge;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

class CooperativeStickyAssignorTest {
    private static final List<String> TOPICS = List.of("a", "b");
    private static final Map<String, Integer> PARTITIONS = Map.of("a", 3, "b", 3);

    @Test
    void aNewGroupIsSpreadEvenlyAsKafkaSpreadsIt() {
        Map<String, Subscription> subscriptions = Map.of("m1", new Subscription(TOPICS),
                "m2", new Subscription(TOPICS), "m3", new Subscription(TOPICS), "m4", new Subscription(TOPICS));
        Map<String, Set<TopicPartition>> ours = assign(subscriptions);
        // Dealt in order to the members below the minimum quota (1), then one extra each to the first two.
        assertEquals(Set.of(tp("a", 0), tp("b", 1)), ours.get("m1"));
        assertEquals(Set.of(tp("a", 1), tp("b", 2)), ours.get("m2"));
        assertEquals(Set.of(tp("a", 2)), ours.get("m3"));
        assertEquals(Set.of(tp("b", 0)), ours.get("m4"));
        assertEquals(KafkaAssignorBridge.kafkaAssign(new org.apache.kafka.clients.consumer.CooperativeStickyAssignor(),
                PARTITIONS, subscriptions), ours);
    }

    @Test
    void aJoiningMemberGetsPartitionsOnlyAfterTheirOwnersRevokedThem() {
        Map<String, Subscription> round1 = Map.of(
                "m1", owning(5, tp("a", 0), tp("a", 1), tp("a", 2)),
                "m2", owning(5, tp("b", 0), tp("b", 1), tp("b", 2)),
                "m3", owning(-1));
        Map<String, Set<TopicPartition>> first = assign(round1);
        assertEquals(Set.of(tp("a", 0), tp("a", 1)), first.get("m1"), "keeps its quota of what it owns");
        assertEquals(Set.of(tp("b", 0), tp("b", 1)), first.get("m2"));
        assertEquals(Set.of(), first.get("m3"), "a-2 and b-2 are still owned, so they are withheld this round");

        Map<String, Subscription> round2 = Map.of(
                "m1", owning(6, tp("a", 0), tp("a", 1)), "m2", owning(6, tp("b", 0), tp("b", 1)), "m3", owning(6));
        Map<String, Set<TopicPartition>> second = assign(round2);
        assertEquals(first.get("m1"), second.get("m1"));
        assertEquals(first.get("m2"), second.get("m2"));
        assertEquals(Set.of(tp("a", 2), tp("b", 2)), second.get("m3"));
        assertEquals(KafkaAssignorBridge.kafkaAssign(new org.apache.kafka.clients.consumer.CooperativeStickyAssignor(),
                PARTITIONS, round1), first);
    }

    @Test
    void theHigherGenerationWinsAPartitionClaimedTwice() {
        Map<String, Set<TopicPartition>> result = assign(Map.of(
                "fresh", owning(7, tp("a", 0), tp("a", 1), tp("a", 2)),
                "zombie", owning(6, tp("a", 0), tp("b", 0), tp("b", 1), tp("b", 2))));
        assertEquals(Set.of(tp("a", 0), tp("a", 1), tp("a", 2)), result.get("fresh"));
        assertEquals(Set.of(tp("b", 0), tp("b", 1), tp("b", 2)), result.get("zombie"));
    }

    @Test
    void aPartitionClaimedTwiceInOneGenerationGoesToNobodyUntilBothRevokedIt() {
        Map<String, Set<TopicPartition>> result = assign(Map.of(
                "x", owning(7, tp("a", 0), tp("a", 1), tp("a", 2)),
                "y", owning(7, tp("a", 0), tp("b", 0), tp("b", 1))));
        assertEquals(Set.of(tp("a", 1), tp("a", 2)), result.get("x"));
        assertEquals(Set.of(tp("b", 0), tp("b", 1), tp("b", 2)), result.get("y"));
    }

    @Test
    void anOldSubscriptionsGenerationIsReadFromTheUserDataKafkaWrites() {
        org.apache.kafka.clients.consumer.CooperativeStickyAssignor kafka =
                new org.apache.kafka.clients.consumer.CooperativeStickyAssignor();
        kafka.onAssignment(null, new ConsumerGroupMetadata("g", 9, "m", Optional.empty()));
        ByteBuffer userData = kafka.subscriptionUserData(Set.copyOf(TOPICS));
        // A v1 subscription carries owned partitions but no generation field: only the user data says 9.
        Subscription v1 = ConsumerProtocolCodec.decodeSubscription(ConsumerProtocolCodec.encodeSubscription(
                new Subscription(TOPICS, userData, List.of(tp("a", 0)), Optional.of(9), Optional.empty()), (short) 1));
        Map<String, Set<TopicPartition>> result = assign(Map.of("old", v1, "new", owning(8, tp("a", 0))));
        assertTrue(result.get("old").contains(tp("a", 0)), "generation 9 from the user data beats 8: " + result);
        assertFalse(result.get("new").contains(tp("a", 0)), result.toString());
        assertEquals(3, result.get("old").size());
        assertEquals(3, result.get("new").size());
    }

    @Test
    void itsUserDataIsKafkasUserData() {
        CooperativeStickyAssignor ours = new CooperativeStickyAssignor();
        org.apache.kafka.clients.consumer.CooperativeStickyAssignor kafka =
                new org.apache.kafka.clients.consumer.CooperativeStickyAssignor();
        assertEquals(kafka.subscriptionUserData(Set.of("a")), ours.subscriptionUserData(Set.of("a")));
        ours.onAssignment(new Assignment(List.of(tp("a", 0))), 12);
        kafka.onAssignment(null, new ConsumerGroupMetadata("g", 12, "m", Optional.empty()));
        assertEquals(kafka.subscriptionUserData(Set.of("a")), ours.subscriptionUserData(Set.of("a")));
        assertEquals("cooperative-sticky", ours.name());
        assertEquals(List.of(PartitionAssignor.RebalanceProtocol.COOPERATIVE, PartitionAssignor.RebalanceProtocol.EAGER),
                ours.supportedProtocols());
    }

    @Test
    void differentSubscriptionsAreBalancedWithinEachMembersTopics() {
        Map<String, Set<TopicPartition>> result = assign(Map.of(
                "only-a", new Subscription(List.of("a")), "both", new Subscription(TOPICS),
                "only-b", new Subscription(List.of("b"))));
        assertEquals(2, result.get("only-a").size());
        assertEquals(2, result.get("both").size());
        assertEquals(2, result.get("only-b").size());
        assertEquals(Set.of("a"), topicsOf(result.get("only-a")));
        assertEquals(Set.of("b"), topicsOf(result.get("only-b")));
    }

    @Test
    void partitionsOfTopicsNobodySubscribesToStayUnassignedEvenIfOwned() {
        Map<String, Integer> partitions = Map.of("a", 2, "unsubscribed", 2);
        Map<String, Subscription> subscriptions = Map.of(
                "m1", new Subscription(List.of("a", "missing"), null, List.of(tp("unsubscribed", 0), tp("a", 1)),
                        Optional.of(3), Optional.empty()),
                "m2", new Subscription(List.of("missing", "a")));
        Map<String, Set<TopicPartition>> result = KafkaAssignorBridge.asSets(
                new CooperativeStickyAssignor().assign(partitions, subscriptions).assignments());
        assertEquals(Map.of("m1", Set.of(tp("a", 1)), "m2", Set.of(tp("a", 0))), result);
    }

    private static Map<String, Set<TopicPartition>> assign(Map<String, Subscription> subscriptions) {
        return KafkaAssignorBridge.asSets(new CooperativeStickyAssignor().assign(PARTITIONS, subscriptions).assignments());
    }

    private static Subscription owning(int generation, TopicPartition... owned) {
        return new Subscription(TOPICS, null, List.of(owned),
                generation < 0 ? Optional.empty() : Optional.of(generation), Optional.empty());
    }

    private static Set<String> topicsOf(Set<TopicPartition> tps) {
        return tps.stream().map(TopicPartition::topic).collect(java.util.stream.Collectors.toSet());
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}
