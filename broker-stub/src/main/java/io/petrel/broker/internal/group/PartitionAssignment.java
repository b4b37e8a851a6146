package io.petrel.broker.internal.group;

import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Partitions by topic id, as the consumer group protocol names them: what a member owns, is assigned, must revoke,
 * or what the target assignment gives it. Immutable; topics with no partitions are left out, so two assignments of
 * the same partitions are equal.
 */
record PartitionAssignment(Map<UUID, SortedSet<Integer>> partitions) {
    static final PartitionAssignment EMPTY = new PartitionAssignment(Map.of());

    PartitionAssignment {
        TreeMap<UUID, SortedSet<Integer>> copy = new TreeMap<>();
        partitions.forEach((topic, ps) -> {
            if (!ps.isEmpty()) {
                copy.put(topic, Collections.unmodifiableSortedSet(new TreeSet<>(ps)));
            }
        });
        partitions = Collections.unmodifiableMap(copy);
    }

    /** A heartbeat's TopicPartitions list (null: not sent) as an assignment (null). */
    static PartitionAssignment fromWire(List<Message> topicPartitions) {
        if (topicPartitions == null) {
            return null;
        }
        Map<UUID, SortedSet<Integer>> out = new TreeMap<>();
        for (Message t : topicPartitions) {
            out.computeIfAbsent(t.get(ConsumerGroupHeartbeatRequest.TopicPartitions.TOPIC_ID), id -> new TreeSet<>())
                    .addAll(t.get(ConsumerGroupHeartbeatRequest.TopicPartitions.PARTITIONS));
        }
        return new PartitionAssignment(out);
    }

    /** As the heartbeat response's TopicPartitions list. */
    List<Message> toWire() {
        List<Message> out = new ArrayList<>(partitions.size());
        partitions.forEach((topic, ps) -> out.add(Message.of(ConsumerGroupHeartbeatRequest.TopicPartitions.SCHEMA)
                .set(ConsumerGroupHeartbeatRequest.TopicPartitions.TOPIC_ID, topic)
                .set(ConsumerGroupHeartbeatRequest.TopicPartitions.PARTITIONS, List.copyOf(ps))));
        return out;
    }

    SortedSet<Integer> partitions(UUID topic) {
        SortedSet<Integer> ps = partitions.get(topic);
        return ps == null ? Collections.emptySortedSet() : ps;
    }

    boolean contains(UUID topic, int partition) {
        return partitions(topic).contains(partition);
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }

    int size() {
        return partitions.values().stream().mapToInt(SortedSet::size).sum();
    }

    /** Whether this and {@code other} share a partition. */
    boolean intersects(PartitionAssignment other) {
        for (Map.Entry<UUID, SortedSet<Integer>> e : partitions.entrySet()) {
            for (int p : e.getValue()) {
                if (other.contains(e.getKey(), p)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether every partition here is in {@code other}. */
    boolean isSubsetOf(PartitionAssignment other) {
        for (Map.Entry<UUID, SortedSet<Integer>> e : partitions.entrySet()) {
            if (!other.partitions(e.getKey()).containsAll(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    PartitionAssignment union(PartitionAssignment other) {
        Map<UUID, SortedSet<Integer>> out = new TreeMap<>();
        partitions.forEach((t, ps) -> out.computeIfAbsent(t, k -> new TreeSet<>()).addAll(ps));
        other.partitions.forEach((t, ps) -> out.computeIfAbsent(t, k -> new TreeSet<>()).addAll(ps));
        return new PartitionAssignment(out);
    }

    /** Builds an assignment partition by partition. */
    static final class Builder {
        private final Map<UUID, SortedSet<Integer>> partitions = new TreeMap<>();

        Builder add(UUID topic, int partition) {
            partitions.computeIfAbsent(topic, t -> new TreeSet<>()).add(partition);
            return this;
        }

        PartitionAssignment build() {
            return new PartitionAssignment(partitions);
        }
    }
}
