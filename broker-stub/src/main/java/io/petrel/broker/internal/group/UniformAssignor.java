package io.petrel.broker.internal.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Kafka's default server-side assignor, {@code uniform}: partitions spread as evenly as the subscriptions allow
 * (members subscribing to the same topics differ by at most one partition), moving as few partitions as it can from
 * the previous target assignment, so a rebalance revokes little. Built here as: keep each member's previous
 * partitions it still subscribes to, give every unowned partition to the least loaded member subscribing to its
 * topic, then move partitions from a member to one subscribed to the same topic with at least two fewer, until no
 * such move is left (each move lowers the sum of squared loads, so this ends).
 */
final class UniformAssignor implements ServerAssignor {
    static final String NAME = "uniform";

    private record TopicPartition(UUID topic, int partition) implements Comparable<TopicPartition> {
        @Override
        public int compareTo(TopicPartition o) {
            int c = topic.compareTo(o.topic);
            return c != 0 ? c : Integer.compare(partition, o.partition);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, PartitionAssignment> assign(Input input) {
        Map<String, TreeSet<TopicPartition>> load = new LinkedHashMap<>();
        input.subscriptions().keySet().forEach(m -> load.put(m, new TreeSet<>()));
        Map<TopicPartition, String> owner = new HashMap<>();
        // Sticky: what each member had, as long as it still subscribes to the topic and the partition exists.
        input.previousTarget().forEach((member, previous) -> {
            Set<UUID> subscribed = input.subscriptions().get(member);
            if (subscribed == null) {
                return;
            }
            previous.partitions().forEach((topic, ps) -> {
                Integer count = input.partitionCounts().get(topic);
                if (count == null || !subscribed.contains(topic)) {
                    return;
                }
                for (int p : ps) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    if (p < count && !owner.containsKey(tp)) {
                        owner.put(tp, member);
                        load.get(member).add(tp);
                    }
                }
            });
        });
        Map<UUID, List<String>> subscribers = subscribers(input);
        for (Map.Entry<UUID, List<String>> t : new TreeMap<>(subscribers).entrySet()) {
            for (int p = 0; p < input.partitionCounts().get(t.getKey()); p++) {
                TopicPartition tp = new TopicPartition(t.getKey(), p);
                if (!owner.containsKey(tp)) {
                    String least = leastLoaded(t.getValue(), load);
                    owner.put(tp, least);
                    load.get(least).add(tp);
                }
            }
        }
        balance(load, subscribers);
        Map<String, PartitionAssignment> out = new TreeMap<>();
        load.forEach((member, tps) -> {
            PartitionAssignment.Builder b = new PartitionAssignment.Builder();
            tps.forEach(tp -> b.add(tp.topic(), tp.partition()));
            out.put(member, b.build());
        });
        return out;
    }

    /** Each existing subscribed topic's subscribers, in member id order. */
    static Map<UUID, List<String>> subscribers(Input input) {
        Map<UUID, List<String>> subscribers = new TreeMap<>();
        input.subscriptions().forEach((member, topics) -> topics.forEach(topic -> {
            if (input.partitionCounts().containsKey(topic)) {
                subscribers.computeIfAbsent(topic, t -> new ArrayList<>()).add(member);
            }
        }));
        return subscribers;
    }

    private static String leastLoaded(List<String> members, Map<String, TreeSet<TopicPartition>> load) {
        return members.stream().min(Comparator.comparingInt((String m) -> load.get(m).size())
                .thenComparing(Comparator.naturalOrder())).orElseThrow();
    }

    private static void balance(Map<String, TreeSet<TopicPartition>> load, Map<UUID, List<String>> subscribers) {
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> byLoad = new ArrayList<>(load.keySet());
            byLoad.sort(Comparator.comparingInt((String m) -> -load.get(m).size()).thenComparing(Comparator.naturalOrder()));
            for (String from : byLoad) {
                for (TopicPartition tp : load.get(from).descendingSet()) {
                    String to = leastLoaded(subscribers.get(tp.topic()), load);
                    if (load.get(to).size() + 1 < load.get(from).size()) {
                        load.get(from).remove(tp);
                        load.get(to).add(tp);
                        moved = true;
                        break;
                    }
                }
                if (moved) {
                    break;
                }
            }
        }
    }
}
