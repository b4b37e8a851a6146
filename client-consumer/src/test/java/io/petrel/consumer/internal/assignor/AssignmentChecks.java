package io.petrel.consumer.internal.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Subscription;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The properties a cooperative sticky assignment must have, checked from the outside: from the group's
 * subscriptions (topics, owned partitions, generations) and the assignment alone, without the assignor's internals.
 */
public final class AssignmentChecks {
    private AssignmentChecks() {
    }

    /** Every member is answered; no partition twice; only existing partitions of topics the member subscribes to. */
    public static void valid(RandomGroups.Group group, Map<String, Set<TopicPartition>> result, String what) {
        assertEquals(group.subscriptions().keySet(), result.keySet(), what + ": every member gets an assignment");
        Map<TopicPartition, String> holder = new HashMap<>();
        result.forEach((member, tps) -> {
            for (TopicPartition tp : tps) {
                String other = holder.put(tp, member);
                if (other != null) {
                    fail(what + ": " + tp + " assigned to both " + other + " and " + member);
                }
                Integer count = group.partitionsPerTopic().get(tp.topic());
                assertTrue(count != null && tp.partition() < count, what + ": " + tp + " does not exist");
                assertTrue(group.subscriptions().get(member).topics().contains(tp.topic()),
                        what + ": " + member + " got " + tp + " but does not subscribe to " + tp.topic());
            }
        });
    }

    /**
     * Cooperative: a partition goes to a member only if no other member claims it, or the member claims it too with
     * a generation higher than every other claimant's (the others are zombies of older generations). And a
     * partition left unassigned must be claimed by someone (it waits to be revoked), unless no member subscribes.
     */
    public static void cooperative(RandomGroups.Group group, Map<String, Set<TopicPartition>> result, String what) {
        Map<TopicPartition, Map<String, Integer>> claims = claims(group);
        Set<TopicPartition> assigned = new HashSet<>();
        result.forEach((member, tps) -> {
            for (TopicPartition tp : tps) {
                assigned.add(tp);
                Map<String, Integer> claimants = claims.getOrDefault(tp, Map.of());
                if (claimants.isEmpty() || claimants.keySet().equals(Set.of(member))) {
                    continue;
                }
                Integer own = claimants.get(member);
                claimants.forEach((other, generation) -> {
                    if (!other.equals(member) && (own == null || generation >= own)) {
                        fail(what + ": " + tp + " handed to " + member + " (claim generation " + own
                                + ") while " + other + " still owns it in generation " + generation);
                    }
                });
            }
        });
        for (TopicPartition tp : allSubscribedPartitions(group)) {
            if (!assigned.contains(tp)) {
                assertTrue(claims.containsKey(tp), what + ": " + tp + " is unassigned though nobody owns it");
            }
        }
    }

    /**
     * Balance as Kafka defines it: no partition could move from its member to another member subscribed to its
     * topic that has two or more partitions fewer; with identical subscriptions, sizes differ by at most one.
     * Only meaningful once nothing is withheld, i.e. every subscribed partition is assigned.
     */
    public static void balanced(RandomGroups.Group group, Map<String, Set<TopicPartition>> result, String what) {
        int assignedCount = result.values().stream().mapToInt(Set::size).sum();
        assertEquals(allSubscribedPartitions(group).size(), assignedCount, what + ": everything assigned");
        result.forEach((member, tps) -> {
            Subscription subscription = group.subscriptions().get(member);
            result.forEach((other, otherTps) -> {
                if (otherTps.size() <= tps.size() + 1) {
                    return;
                }
                for (TopicPartition tp : otherTps) {
                    if (subscription.topics().contains(tp.topic())) {
                        fail(what + ": unbalanced: " + tp + " could move from " + other + " (" + otherTps.size()
                                + " partitions) to " + member + " (" + tps.size() + ")");
                    }
                }
            });
        });
    }

    /** Each member's claims of existing partitions, by partition, with the claim's generation. */
    public static Map<TopicPartition, Map<String, Integer>> claims(RandomGroups.Group group) {
        Map<TopicPartition, Map<String, Integer>> claims = new HashMap<>();
        group.subscriptions().forEach((member, s) -> {
            int generation = CooperativeStickyUserData.generationOf(s);
            for (TopicPartition tp : s.ownedPartitions()) {
                Integer count = group.partitionsPerTopic().get(tp.topic());
                if (count != null && tp.partition() < count) {
                    claims.computeIfAbsent(tp, t -> new HashMap<>()).put(member, generation);
                }
            }
        });
        return claims;
    }

    /**
     * The partitions each member owns undisputed going in: it claims them with a generation higher than any other
     * claimant and still subscribes to their topic.
     */
    public static Map<String, Set<TopicPartition>> undisputedOwned(RandomGroups.Group group) {
        Map<String, Set<TopicPartition>> owned = new HashMap<>();
        group.subscriptions().keySet().forEach(m -> owned.put(m, KafkaAssignorBridge.sortedSet()));
        claims(group).forEach((tp, claimants) -> {
            int best = claimants.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            List<String> top = claimants.entrySet().stream().filter(e -> e.getValue() == best)
                    .map(Map.Entry::getKey).toList();
            if (top.size() == 1 && group.subscriptions().get(top.get(0)).topics().contains(tp.topic())) {
                owned.get(top.get(0)).add(tp);
            }
        });
        return owned;
    }

    /** All partitions of topics some member subscribes to. */
    public static Set<TopicPartition> allSubscribedPartitions(RandomGroups.Group group) {
        Set<TopicPartition> all = KafkaAssignorBridge.sortedSet();
        group.subscriptions().values().forEach(s -> s.topics().forEach(topic -> {
            for (int p = 0; p < group.partitionsPerTopic().getOrDefault(topic, 0); p++) {
                all.add(new TopicPartition(topic, p));
            }
        }));
        return all;
    }
}
