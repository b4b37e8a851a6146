package io.petrel.consumer;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.internal.assignor.CooperativeHandover;
import io.petrel.consumer.internal.assignor.CooperativeStickyUserData;
import io.petrel.consumer.internal.assignor.GeneralStickyAssignment;
import io.petrel.consumer.internal.assignor.PreviousOwnership;
import io.petrel.consumer.internal.assignor.UniformStickyAssignment;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka's {@code cooperative-sticky} assignor: balanced, sticky, and safe for incremental (cooperative) rebalancing.
 *
 * <p>Balanced: with identical subscriptions member sizes differ by at most one; otherwise no partition could move to
 * a member subscribed to its topic that has two or more fewer. Sticky: members keep the partitions they own
 * (announced in their subscription) as far as balance allows, so a rebalance moves few partitions. Cooperative: a
 * partition moving from one member to another is left out of this rebalance's assignment; its owner revokes it,
 * rejoins, and the next rebalance gives it to the new member. Members keep consuming everything else throughout.
 *
 * <p>When several members claim a partition, the claim of the highest generation wins; same-generation claims are
 * inconsistent and the partition is withheld until both have revoked it. A member's generation comes from its
 * subscription (version 2 and later) or, for older subscriptions, from the 4-byte user data this assignor sends,
 * exactly as Kafka's does; so Petrel and Kafka members can share a group and either can lead it.
 *
 * <p>With identical subscriptions the result is the one Kafka's assignor computes (see {@link
 * io.petrel.consumer.internal.assignor.UniformStickyAssignment} for the one case where Kafka's depends on hashing).
 * With different subscriptions it is balanced and sticky by the same definitions but may differ from Kafka's in
 * which partitions go where. Kafka's sticky assignors can also align partitions with consumers' racks; that needs
 * replica racks, which {@link #assign} is not given, so this assignor is not rack-aware.
 *
 * <p>One instance belongs to one consumer: {@link #onAssignment} records the generation for the next subscription.
 */
public final class CooperativeStickyAssignor implements PartitionAssignor {
    /** The protocol name, as Kafka's. */
    public static final String NAME = "cooperative-sticky";

    private volatile int generation = CooperativeStickyUserData.NO_GENERATION;

    @Override
    public String name() {
        return NAME;
    }

    /** {@code [COOPERATIVE, EAGER]}: cooperative is preferred, eager is possible while a group upgrades. */
    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER);
    }

    /** The generation of the last assignment as 4 bytes, for members that send subscriptions older than v2. */
    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return CooperativeStickyUserData.encode(generation);
    }

    @Override
    public void onAssignment(Assignment assignment, int generationId) {
        this.generation = generationId;
    }

    @Override
    public GroupAssignment assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        Map<String, Set<String>> topicsOf = subscribedExistingTopics(partitionsPerTopic, subscriptions);
        PreviousOwnership ownership = PreviousOwnership.resolve(partitionsPerTopic, subscriptions);
        Map<String, List<TopicPartition>> partitionsPerMember;
        if (subscriptions.isEmpty()) {
            partitionsPerMember = new HashMap<>();
        } else if (allSubscriptionsEqual(subscriptions)) {
            List<String> members = new ArrayList<>(subscriptions.keySet());
            members.sort(null);
            Set<String> topics = topicsOf.get(members.get(0));
            partitionsPerMember = UniformStickyAssignment.assign(sortedPartitions(topics, partitionsPerTopic),
                    members, ownership);
        } else {
            partitionsPerMember = GeneralStickyAssignment.assign(partitionsPerTopic, topicsOf, ownership);
        }
        CooperativeHandover.withholdPartitionsStillOwned(partitionsPerMember, ownership);

        Map<String, Assignment> assignments = new HashMap<>();
        partitionsPerMember.forEach((member, partitions) -> assignments.put(member, new Assignment(partitions)));
        return new GroupAssignment(assignments);
    }

    private static boolean allSubscriptionsEqual(Map<String, Subscription> subscriptions) {
        Set<String> first = null;
        for (Subscription subscription : subscriptions.values()) {
            Set<String> topics = new HashSet<>(subscription.topics());
            if (first == null) {
                first = topics;
            } else if (!first.equals(topics)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Set<String>> subscribedExistingTopics(Map<String, Integer> partitionsPerTopic,
                                                                     Map<String, Subscription> subscriptions) {
        Map<String, Set<String>> topicsOf = new HashMap<>();
        subscriptions.forEach((member, subscription) -> {
            Set<String> topics = new HashSet<>();
            for (String topic : subscription.topics()) {
                if (partitionsPerTopic.getOrDefault(topic, 0) > 0) {
                    topics.add(topic);
                }
            }
            topicsOf.put(member, topics);
        });
        return topicsOf;
    }

    private static List<TopicPartition> sortedPartitions(Set<String> topics, Map<String, Integer> partitionsPerTopic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : new TreeSet<>(topics)) {
            for (int p = 0; p < partitionsPerTopic.get(topic); p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        return partitions;
    }
}
