package io.petrel.consumer.internal.assignor;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who owns which partition going into a rebalance, from the members' claims (their subscriptions' owned partitions
 * and generations).
 *
 * <p>A partition claimed by several members belongs to the one with the highest generation: the others are
 * zombies of an older generation that will revoke it. If two members claim it in the same highest generation the
 * claims are inconsistent, nobody keeps it and it is {@link #isContested contested}: it is handed to a member only
 * after both have revoked it. Claims of partitions that do not exist (unknown topic or partition number out of
 * range) are ignored. Members are visited in member id order, so the result does not depend on map order.
 */
public final class PreviousOwnership {
    private final Map<TopicPartition, String> ownerOf = new HashMap<>();
    private final Set<TopicPartition> contested = new HashSet<>();
    private final Map<String, List<TopicPartition>> ownedBy = new HashMap<>();

    private PreviousOwnership() {
    }

    /** Resolves the claims in {@code subscriptions} against the partitions that exist. */
    public static PreviousOwnership resolve(Map<String, Integer> partitionsPerTopic,
                                            Map<String, Subscription> subscriptions) {
        PreviousOwnership ownership = new PreviousOwnership();
        Map<TopicPartition, Integer> bestGeneration = new HashMap<>();
        new TreeMap<>(subscriptions).forEach((member, subscription) -> {
            int generation = CooperativeStickyUserData.generationOf(subscription);
            for (TopicPartition tp : new LinkedHashSet<>(subscription.ownedPartitions())) {
                Integer count = partitionsPerTopic.get(tp.topic());
                if (count != null && tp.partition() >= 0 && tp.partition() < count) {
                    ownership.claim(tp, member, generation, bestGeneration);
                }
            }
        });
        subscriptions.keySet().forEach(member -> ownership.ownedBy.put(member, new ArrayList<>()));
        new TreeMap<>(subscriptions).forEach((member, subscription) -> {
            for (TopicPartition tp : new LinkedHashSet<>(subscription.ownedPartitions())) {
                if (member.equals(ownership.ownerOf.get(tp))) {
                    ownership.ownedBy.get(member).add(tp);
                }
            }
        });
        return ownership;
    }

    private void claim(TopicPartition tp, String member, int generation, Map<TopicPartition, Integer> bestGeneration) {
        Integer best = bestGeneration.get(tp);
        if (best == null || generation > best) {
            bestGeneration.put(tp, generation);
            ownerOf.put(tp, member);
            contested.remove(tp);
        } else if (generation == best && !contested.contains(tp)) {
            ownerOf.remove(tp);
            contested.add(tp);
        }
    }

    /** The member that owns {@code tp} going into this rebalance, or {@code null} if none or contested. */
    public String ownerOf(TopicPartition tp) {
        return ownerOf.get(tp);
    }

    /** Whether members of the same, highest generation claim {@code tp}. */
    public boolean isContested(TopicPartition tp) {
        return contested.contains(tp);
    }

    /** The partitions {@code member} owns, in the order it listed them (empty for an unknown member). */
    public List<TopicPartition> ownedBy(String member) {
        return ownedBy.getOrDefault(member, List.of());
    }
}
