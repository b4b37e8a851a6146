package io.petrel.consumer.internal.assignor;

import io.petrel.client.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sticky assignment for a group whose members subscribe to different topics. The goal is Kafka's notion of
 * balance for this case: no partition could move from its member to another member subscribed to its topic that has
 * two or more partitions fewer. Within that, members keep the partitions they own.
 *
 * <p>It works in three steps:
 * <ol>
 *   <li>Every member keeps the partitions it owns of topics it still subscribes to.</li>
 *   <li>The other partitions go, one at a time, to the subscribed member with the fewest partitions (ties by member
 *       id), the partitions of topics with the fewest subscribers first since they have the least choice, as Kafka's
 *       general sticky path does.</li>
 *   <li>While some member has two or more partitions fewer than another member holding a partition of a topic it
 *       subscribes to, one such partition moves to it: a partition placed in step 2 in preference to an owned one,
 *       so owned partitions move only when balance cannot be reached otherwise. Every move lowers the sum of the
 *       squared member sizes, so this ends, and it ends exactly when the assignment is balanced as above.</li>
 * </ol>
 * Partitions are indexed per topic and member, so a move costs the topics of the receiving member times the members
 * holding them, never a scan of every partition. Unlike Kafka's general path this does not try to move partitions
 * back to the owners of older generations; the outcome is balanced and sticky but not always Kafka's.
 */
public final class GeneralStickyAssignment {
    private final Map<String, Set<String>> topicsOf;
    private final Map<String, Integer> counts = new HashMap<>();
    /** topic -> member -> the member's partitions of that topic placed in step 2, then those it owned. */
    private final Map<String, Map<String, TreeSet<TopicPartition>>> placed = new HashMap<>();
    private final Map<String, Map<String, TreeSet<TopicPartition>>> owned = new HashMap<>();

    private GeneralStickyAssignment(Map<String, Set<String>> topicsOf) {
        this.topicsOf = topicsOf;
        topicsOf.keySet().forEach(member -> counts.put(member, 0));
    }

    /**
     * Assigns every partition of {@code partitionsPerTopic} that some member subscribes to.
     *
     * @param topicsOf each member's subscribed topics that exist in {@code partitionsPerTopic}
     * @return the partitions of every member
     */
    public static Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
                                                           Map<String, Set<String>> topicsOf,
                                                           PreviousOwnership ownership) {
        GeneralStickyAssignment builder = new GeneralStickyAssignment(topicsOf);
        Set<TopicPartition> kept = builder.keepOwned(ownership);
        builder.placeUnassigned(builder.unassigned(partitionsPerTopic, kept));
        builder.balance();
        return builder.result();
    }

    private Set<TopicPartition> keepOwned(PreviousOwnership ownership) {
        Set<TopicPartition> kept = new HashSet<>();
        new TreeMap<>(topicsOf).forEach((member, topics) -> {
            for (TopicPartition tp : ownership.ownedBy(member)) {
                if (topics.contains(tp.topic())) {
                    add(owned, member, tp);
                    kept.add(tp);
                }
            }
        });
        return kept;
    }

    private List<TopicPartition> unassigned(Map<String, Integer> partitionsPerTopic, Set<TopicPartition> kept) {
        Map<String, Integer> subscribers = new HashMap<>();
        topicsOf.values().forEach(topics -> topics.forEach(t -> subscribers.merge(t, 1, Integer::sum)));
        List<String> topics = new ArrayList<>(subscribers.keySet());
        topics.sort(Comparator.<String>comparingInt(subscribers::get).thenComparing(Comparator.naturalOrder()));
        List<TopicPartition> unassigned = new ArrayList<>();
        for (String topic : topics) {
            for (int p = 0; p < partitionsPerTopic.get(topic); p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                if (!kept.contains(tp)) {
                    unassigned.add(tp);
                }
            }
        }
        return unassigned;
    }

    private void placeUnassigned(List<TopicPartition> unassigned) {
        TreeSet<String> bySize = new TreeSet<>(bySizeThenId());
        bySize.addAll(topicsOf.keySet());
        for (TopicPartition tp : unassigned) {
            for (String member : bySize) {
                if (topicsOf.get(member).contains(tp.topic())) {
                    bySize.remove(member);
                    add(placed, member, tp);
                    bySize.add(member);
                    break;
                }
            }
        }
    }

    private void balance() {
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> smallestFirst = new ArrayList<>(topicsOf.keySet());
            smallestFirst.sort(bySizeThenId());
            for (String receiver : smallestFirst) {
                while (moveOneTo(receiver)) {
                    moved = true;
                }
            }
        }
    }

    /** Moves one partition to {@code receiver} from the largest member it may take one from, if that helps. */
    private boolean moveOneTo(String receiver) {
        int receiverCount = counts.get(receiver);
        String donor = null;
        String donorTopic = null;
        boolean donorHasPlaced = false;
        for (String topic : new TreeSet<>(topicsOf.get(receiver))) {
            for (String holder : holdersOf(topic)) {
                int holderCount = counts.get(holder);
                if (holderCount <= receiverCount + 1) {
                    continue;
                }
                boolean hasPlaced = has(placed, topic, holder);
                if (donor == null || better(holderCount, hasPlaced, holder, donor, donorHasPlaced)) {
                    donor = holder;
                    donorTopic = topic;
                    donorHasPlaced = hasPlaced;
                } else if (holder.equals(donor) && hasPlaced && !donorHasPlaced) {
                    donorTopic = topic;
                    donorHasPlaced = true;
                }
            }
        }
        if (donor == null) {
            return false;
        }
        TopicPartition tp = donorHasPlaced ? remove(placed, donor, donorTopic) : remove(owned, donor, donorTopic);
        add(placed, receiver, tp);
        return true;
    }

    private boolean better(int count, boolean hasPlaced, String holder, String donor, boolean donorHasPlaced) {
        int donorCount = counts.get(donor);
        if (count != donorCount) {
            return count > donorCount;
        }
        if (hasPlaced != donorHasPlaced) {
            return hasPlaced;
        }
        return holder.compareTo(donor) < 0;
    }

    private Set<String> holdersOf(String topic) {
        Set<String> holders = new TreeSet<>(placed.getOrDefault(topic, Map.of()).keySet());
        holders.addAll(owned.getOrDefault(topic, Map.of()).keySet());
        return holders;
    }

    private void add(Map<String, Map<String, TreeSet<TopicPartition>>> index, String member, TopicPartition tp) {
        index.computeIfAbsent(tp.topic(), t -> new HashMap<>())
                .computeIfAbsent(member, m -> new TreeSet<>(Comparator.comparingInt(TopicPartition::partition)))
                .add(tp);
        counts.merge(member, 1, Integer::sum);
    }

    private TopicPartition remove(Map<String, Map<String, TreeSet<TopicPartition>>> index, String member,
                                  String topic) {
        Map<String, TreeSet<TopicPartition>> byMember = index.get(topic);
        TreeSet<TopicPartition> partitions = byMember.get(member);
        TopicPartition tp = partitions.pollLast();
        if (partitions.isEmpty()) {
            byMember.remove(member);
        }
        counts.merge(member, -1, Integer::sum);
        return tp;
    }

    private static boolean has(Map<String, Map<String, TreeSet<TopicPartition>>> index, String topic, String member) {
        return index.getOrDefault(topic, Map.of()).containsKey(member);
    }

    private Comparator<String> bySizeThenId() {
        return Comparator.<String>comparingInt(counts::get).thenComparing(Comparator.naturalOrder());
    }

    private Map<String, List<TopicPartition>> result() {
        Map<String, List<TopicPartition>> result = new HashMap<>();
        topicsOf.keySet().forEach(member -> result.put(member, new ArrayList<>()));
        for (Map<String, Map<String, TreeSet<TopicPartition>>> index : List.of(owned, placed)) {
            index.values().forEach(byMember -> byMember.forEach((member, tps) -> result.get(member).addAll(tps)));
        }
        return result;
    }
}
