package io.petrel.consumer.internal.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.CooperativeStickyAssignor;
import io.petrel.consumer.PartitionAssignor.Subscription;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The cooperative sticky assignor on random groups: the same assignment as kafka-clients' CooperativeStickyAssignor
 * wherever Kafka's answer does not depend on hash order, and otherwise (and always) the properties: valid, cooperative
 * (nothing handed from one owner to another in one round), sticky, and balanced once the withheld partitions have
 * been revoked and assigned in the following rounds. Failures name the try's seed; {@code new Random(seed)} fed to
 * {@link RandomGroups#group} replays the group.
 */
class CooperativeStickyAssignorProperties {
    private static final int ROUNDS_TO_CONVERGE = 4;

    @Test
    void identicalSubscriptionsGetKafkasAssignmentWhereKafkasIsDeterministic() {
        Random seeds = new Random(20261205L);
        int compared = 0;
        int tries = 1500;
        for (int i = 0; i < tries; i++) {
            long seed = seeds.nextLong();
            RandomGroups.Group group = RandomGroups.group(new Random(seed), true, i % 5 != 0);
            String what = "try " + i + " seed " + seed + ": " + group;
            Map<String, Set<TopicPartition>> ours = assign(group);
            if (kafkaIsDeterministic(group)) {
                compared++;
                assertEquals(KafkaAssignorBridge.kafkaAssign(new org.apache.kafka.clients.consumer.CooperativeStickyAssignor(),
                        group.partitionsPerTopic(), group.subscriptions()), ours, what);
            }
            AssignmentChecks.valid(group, ours, what);
            AssignmentChecks.cooperative(group, ours, what);
        }
        assertTrue(compared > tries / 2, "only " + compared + " of " + tries + " groups were compared with Kafka");
    }

    @Test
    void everyGroupGetsAValidCooperativeStickyAssignmentThatConvergesToBalance() {
        Random seeds = new Random(20261206L);
        for (int i = 0; i < 1500; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            RandomGroups.Group group = RandomGroups.group(random, i % 2 == 0, i % 7 != 0);
            String what = "try " + i + " seed " + seed + ": " + group;
            Map<String, Set<TopicPartition>> result = assign(group);
            AssignmentChecks.valid(group, result, what);
            AssignmentChecks.cooperative(group, result, what);
            sticky(group, result, i % 2 == 0, what);

            int generation = 100;
            RandomGroups.Group converged = rebalanceUntilNothingWithheld(group, result, generation, what);
            // Membership changes: a member leaves or a new one joins; the group converges again.
            RandomGroups.Group changed = changeMembership(converged, random, generation + ROUNDS_TO_CONVERGE);
            String whatNext = what + "\nafter a membership change: " + changed;
            Map<String, Set<TopicPartition>> next = assign(changed);
            AssignmentChecks.valid(changed, next, whatNext);
            AssignmentChecks.cooperative(changed, next, whatNext);
            sticky(changed, next, i % 2 == 0, whatNext);
            rebalanceUntilNothingWithheld(changed, next, generation + 2 * ROUNDS_TO_CONVERGE, whatNext);
        }
    }

    @Test
    void aBigGroupIsAssignedAndStaysSticky() {
        Map<String, Integer> partitionsPerTopic = new HashMap<>();
        for (int t = 0; t < 10; t++) {
            partitionsPerTopic.put("topic-" + t, 100);
        }
        Random random = new Random(20261207L);
        for (boolean uniform : new boolean[] {true, false}) {
            Map<String, Subscription> subscriptions = new HashMap<>();
            for (int m = 0; m < 100; m++) {
                List<String> topics = new ArrayList<>();
                partitionsPerTopic.keySet().forEach(t -> {
                    if (uniform || random.nextInt(3) > 0) {
                        topics.add(t);
                    }
                });
                subscriptions.put("member-" + m, new Subscription(topics));
            }
            RandomGroups.Group group = new RandomGroups.Group(partitionsPerTopic, subscriptions);
            String what = (uniform ? "uniform" : "mixed") + " 100 members x 1000 partitions";
            Map<String, Set<TopicPartition>> result = assign(group);
            AssignmentChecks.valid(group, result, what);
            AssignmentChecks.balanced(group, result, what);
            RandomGroups.Group left = changeMembership(withOwned(group, result, 1), new Random(1), 2);
            Map<String, Set<TopicPartition>> next = assign(left);
            AssignmentChecks.cooperative(left, next, what + " after a change");
            sticky(left, next, uniform, what + " after a change");
        }
    }

    private static Map<String, Set<TopicPartition>> assign(RandomGroups.Group group) {
        return KafkaAssignorBridge.asSets(new CooperativeStickyAssignor()
                .assign(group.partitionsPerTopic(), group.subscriptions()).assignments());
    }

    /** Rebalances with every member owning its last assignment until nothing is withheld; then checks balance. */
    private static RandomGroups.Group rebalanceUntilNothingWithheld(RandomGroups.Group group,
                                                                    Map<String, Set<TopicPartition>> result,
                                                                    int generation, String what) {
        int total = AssignmentChecks.allSubscribedPartitions(group).size();
        for (int round = 0; round < ROUNDS_TO_CONVERGE; round++) {
            group = withOwned(group, result, generation + round);
            result = assign(group);
            String whatRound = what + "\nround " + (round + 2);
            AssignmentChecks.valid(group, result, whatRound);
            AssignmentChecks.cooperative(group, result, whatRound);
            if (result.values().stream().mapToInt(Set::size).sum() == total) {
                AssignmentChecks.balanced(group, result, whatRound);
                return withOwned(group, result, generation + round + 1);
            }
        }
        fail(what + ": still withholding partitions after " + ROUNDS_TO_CONVERGE + " more rounds: " + result);
        return group;
    }

    /**
     * Sticky: owned partitions move only where balance demands. With identical subscriptions every member keeps at
     * least the minimum quota of what it owns, and a member that gives up owned partitions gets nothing new. In
     * any group, an ownership that already covers everything and is balanced is kept as it is.
     */
    private static void sticky(RandomGroups.Group group, Map<String, Set<TopicPartition>> result, boolean uniform,
                               String what) {
        Map<String, Set<TopicPartition>> owned = AssignmentChecks.undisputedOwned(group);
        if (uniform) {
            int minQuota = AssignmentChecks.allSubscribedPartitions(group).size() / group.subscriptions().size();
            owned.forEach((member, tps) -> {
                Set<TopicPartition> kept = new HashSet<>(tps);
                kept.retainAll(result.get(member));
                assertTrue(kept.size() >= Math.min(tps.size(), minQuota), what + ": " + member + " kept only "
                        + kept.size() + " of its " + tps.size() + " partitions, minimum quota " + minQuota);
                if (kept.size() < tps.size()) {
                    assertTrue(tps.containsAll(result.get(member)), what + ": " + member
                            + " gave up owned partitions but was given new ones: " + result.get(member));
                }
            });
        }
        boolean coversAll = owned.values().stream().mapToInt(Set::size).sum()
                == AssignmentChecks.allSubscribedPartitions(group).size();
        if (coversAll && isBalanced(group, owned)) {
            assertEquals(new HashMap<>(owned), new HashMap<>(result), what + ": a balanced ownership was changed");
        }
    }

    private static boolean isBalanced(RandomGroups.Group group, Map<String, Set<TopicPartition>> assignment) {
        try {
            AssignmentChecks.balanced(group, assignment, "");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private static RandomGroups.Group withOwned(RandomGroups.Group group, Map<String, Set<TopicPartition>> result,
                                                int generation) {
        Map<String, Subscription> subscriptions = new HashMap<>();
        group.subscriptions().forEach((member, s) -> subscriptions.put(member, new Subscription(s.topics(),
                CooperativeStickyUserData.encode(generation), new ArrayList<>(result.get(member)),
                Optional.of(generation), Optional.empty())));
        return new RandomGroups.Group(group.partitionsPerTopic(), subscriptions);
    }

    private static RandomGroups.Group changeMembership(RandomGroups.Group group, Random random, int generation) {
        Map<String, Subscription> subscriptions = new HashMap<>(group.subscriptions());
        List<String> members = new ArrayList<>(subscriptions.keySet());
        members.sort(null);
        if (members.size() > 1 && random.nextBoolean()) {
            subscriptions.remove(members.get(random.nextInt(members.size())));
        } else {
            Subscription like = subscriptions.get(members.get(random.nextInt(members.size())));
            subscriptions.put("joiner-" + random.nextInt(1000), new Subscription(like.topics(),
                    CooperativeStickyUserData.encode(-1), List.of(), Optional.empty(), Optional.empty()));
        }
        return new RandomGroups.Group(group.partitionsPerTopic(), subscriptions);
    }

    /**
     * Whether Kafka's answer for identical subscriptions is free of hash order: each partition is claimed at most
     * twice, conflicting claimants carry their generation in the subscription (Kafka reads the other claimant's
     * generation from there only), and no more members own a maximum quota than there are extra slots.
     */
    private static boolean kafkaIsDeterministic(RandomGroups.Group group) {
        Map<TopicPartition, Map<String, Integer>> claims = AssignmentChecks.claims(group);
        Map<String, Integer> ownedCounts = new HashMap<>();
        for (Map.Entry<TopicPartition, Map<String, Integer>> entry : claims.entrySet()) {
            Map<String, Integer> claimants = entry.getValue();
            if (claimants.size() > 2) {
                return false;
            }
            if (claimants.size() == 2 && claimants.keySet().stream()
                    .anyMatch(m -> group.subscriptions().get(m).generationId().isEmpty())) {
                return false;
            }
            int best = claimants.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            List<String> top = claimants.entrySet().stream().filter(e -> e.getValue() == best)
                    .map(Map.Entry::getKey).toList();
            if (top.size() == 1) {
                ownedCounts.merge(top.get(0), 1, Integer::sum);
            }
        }
        int partitions = AssignmentChecks.allSubscribedPartitions(group).size();
        int members = group.subscriptions().size();
        int extraSlots = partitions % members;
        int maxQuota = (partitions + members - 1) / members;
        long atMax = ownedCounts.values().stream().filter(c -> c >= maxQuota).count();
        return extraSlots == 0 || atMax <= extraSlots;
    }
}
