package io.petrel.consumer.internal.assignor;

import io.petrel.client.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sticky assignment for a group whose members all subscribe to the same topics: every member ends with
 * {@code floor(P / N)} or {@code ceil(P / N)} partitions, and keeps as many of the partitions it owns as that allows.
 *
 * <p>It runs in three steps, the same as Kafka's sticky assignors do for this case, so that a Kafka leader and a
 * Petrel leader give the same answer:
 * <ol>
 *   <li>Each member keeps its owned partitions (sorted by partition number, then topic): all of them if fewer than
 *       the minimum quota; the maximum quota if it owns that many and members with an extra partition are still
 *       wanted; the minimum quota otherwise. A member kept at the minimum may still take one extra partition later
 *       while extra slots remain.</li>
 *   <li>The remaining partitions, sorted by topic and partition, are dealt round robin to the members below the
 *       minimum quota (sorted by member id) until each reaches it,</li>
 *   <li>then one each to members at the minimum quota that may take an extra one, in member id order.</li>
 * </ol>
 * Kafka visits members in step 1 in hash order; here they are visited in member id order. The two agree unless more
 * members own a maximum quota than there are extra slots, where Kafka's choice of which member keeps the extra
 * partition depends on hashing. Everything is linear in members plus partitions.
 */
public final class UniformStickyAssignment {
    private final int minQuota;
    private final int maxQuota;
    private final int expectedWithExtra;
    private int currentWithExtra;
    private final Map<String, List<TopicPartition>> assignment = new HashMap<>();
    private final List<String> underMinQuota = new LinkedList<>();
    private final LinkedList<String> atMinQuota = new LinkedList<>();

    private UniformStickyAssignment(int partitionCount, int memberCount) {
        minQuota = partitionCount / memberCount;
        maxQuota = (partitionCount + memberCount - 1) / memberCount;
        expectedWithExtra = partitionCount % memberCount;
    }

    /**
     * Assigns {@code sortedPartitions} (all partitions of the common subscription, sorted by topic then partition)
     * to {@code sortedMembers} (not empty, sorted by member id).
     *
     * @return the partitions of every member, owned ones first
     */
    public static Map<String, List<TopicPartition>> assign(List<TopicPartition> sortedPartitions,
                                                           List<String> sortedMembers, PreviousOwnership ownership) {
        UniformStickyAssignment builder = new UniformStickyAssignment(sortedPartitions.size(), sortedMembers.size());
        Set<TopicPartition> kept = builder.keepOwned(sortedMembers, ownership, new HashSet<>(sortedPartitions));
        List<TopicPartition> unassigned = new ArrayList<>(sortedPartitions.size() - kept.size());
        for (TopicPartition tp : sortedPartitions) {
            if (!kept.contains(tp)) {
                unassigned.add(tp);
            }
        }
        builder.assignRoundRobin(unassigned);
        return builder.assignment;
    }

    private Set<TopicPartition> keepOwned(List<String> sortedMembers, PreviousOwnership ownership,
                                          Set<TopicPartition> subscribed) {
        Set<TopicPartition> kept = new HashSet<>();
        for (String member : sortedMembers) {
            List<TopicPartition> owned = new ArrayList<>(ownership.ownedBy(member));
            owned.removeIf(tp -> !subscribed.contains(tp));
            owned.sort(Comparator.comparingInt(TopicPartition::partition).thenComparing(TopicPartition::topic));
            List<TopicPartition> keep;
            if (owned.size() < minQuota) {
                keep = owned;
                underMinQuota.add(member);
            } else if (owned.size() >= maxQuota && currentWithExtra < expectedWithExtra) {
                keep = owned.subList(0, maxQuota);
                currentWithExtra++;
                if (currentWithExtra == expectedWithExtra) {
                    atMinQuota.clear();
                }
            } else {
                keep = owned.subList(0, minQuota);
                if (currentWithExtra < expectedWithExtra) {
                    atMinQuota.add(member);
                }
            }
            assignment.put(member, new ArrayList<>(keep));
            kept.addAll(keep);
        }
        return kept;
    }

    private void assignRoundRobin(List<TopicPartition> unassigned) {
        // Members were added in member id order, so both lists are already sorted.
        Iterator<String> underIterator = underMinQuota.iterator();
        for (TopicPartition tp : unassigned) {
            String member;
            if (underIterator.hasNext()) {
                member = underIterator.next();
            } else if (!underMinQuota.isEmpty()) {
                underIterator = underMinQuota.iterator();
                member = underIterator.next();
            } else if (!atMinQuota.isEmpty()) {
                member = atMinQuota.poll();
            } else {
                throw new IllegalStateException("No member can take partition " + tp + ": the quotas of "
                        + assignment.size() + " members are full; this is a bug in the sticky assignment");
            }
            List<TopicPartition> partitions = assignment.get(member);
            partitions.add(tp);
            if (partitions.size() == minQuota) {
                underIterator.remove();
                atMinQuota.add(member);
            } else if (partitions.size() == maxQuota) {
                currentWithExtra++;
            }
        }
    }
}
