package io.petrel.broker.internal.group;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The member epoch at which a member was given each partition it holds, as Kafka 4.3 keeps it: an OffsetCommit with
 * an older member epoch than the member's is still accepted for a partition given to it at that epoch or before, so
 * a commit in flight while the member moves to a new epoch is not refused. Immutable.
 */
record AssignmentEpochs(Map<UUID, SortedMap<Integer, Integer>> epochs) {
    static final AssignmentEpochs NONE = new AssignmentEpochs(Map.of());

    AssignmentEpochs {
        TreeMap<UUID, SortedMap<Integer, Integer>> copy = new TreeMap<>();
        epochs.forEach((topic, byPartition) -> {
            if (!byPartition.isEmpty()) {
                copy.put(topic, Collections.unmodifiableSortedMap(new TreeMap<>(byPartition)));
            }
        });
        epochs = Collections.unmodifiableMap(copy);
    }

    /** The epoch the partition was given at, or null when the member does not hold it. */
    Integer epoch(UUID topic, int partition) {
        SortedMap<Integer, Integer> byPartition = epochs.get(topic);
        return byPartition == null ? null : byPartition.get(partition);
    }

    /** The epochs of what the member holds now: kept partitions keep theirs, new ones are given {@code epoch}. */
    AssignmentEpochs heldAt(PartitionAssignment held, int epoch) {
        Map<UUID, SortedMap<Integer, Integer>> next = new TreeMap<>();
        for (Map.Entry<UUID, SortedSet<Integer>> e : held.partitions().entrySet()) {
            SortedMap<Integer, Integer> byPartition = new TreeMap<>();
            for (int p : e.getValue()) {
                Integer had = epoch(e.getKey(), p);
                byPartition.put(p, had != null ? had : epoch);
            }
            next.put(e.getKey(), byPartition);
        }
        return new AssignmentEpochs(next);
    }
}
