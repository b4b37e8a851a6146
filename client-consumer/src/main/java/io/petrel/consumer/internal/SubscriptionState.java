package io.petrel.consumer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.consumer.SubscriptionPattern;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the consumer reads: a manual assignment, or a subscription (topics or a pattern) whose partitions
 * the group assigns; and per assigned partition its {@link PartitionState}.
 *
 * <p>Threading: the application thread changes the subscription and positions; network callbacks
 * (fetch responses, offset lookups) add buffered data and resolve positions. Both go through this
 * object's {@link HandOverLock} ({@link #lock()}/{@link #unlock()}), held only for short bookkeeping, never while
 * decoding records or doing I/O; a fetch response is handed over to the holder rather than waited for
 * ({@link #runOrHandOver}).
 */
final class SubscriptionState {
    /** PATTERN is matched here (java.util.regex); BROKER_PATTERN is sent to the broker (consumer protocol). */
    enum Mode { NONE, ASSIGNED, TOPICS, PATTERN, BROKER_PATTERN;

        /** Whether the group assigns the partitions. */
        boolean isGroup() {
            return this == TOPICS || this == PATTERN || this == BROKER_PATTERN;
        }
    }

    private final HandOverLock lock = new HandOverLock();
    private final AutoOffsetReset defaultReset;
    /** With a group.id, manually assigned partitions start from the group's committed offsets, as in Kafka. */
    private final boolean useCommittedOffsets;
    /** Written under the lock, read without it (poll reads it on every call). */
    private volatile Mode mode = Mode.NONE;
    private Set<String> topics = Set.of();
    private Pattern pattern;
    private SubscriptionPattern brokerPattern;
    private ConsumerRebalanceListener listener;
    private final LinkedHashMap<TopicPartition, PartitionState> assignment = new LinkedHashMap<>();
    /**
     * An immutable copy of the assignment's partitions, replaced under the lock whenever the assignment changes:
     * poll asks for it on every pass, and the lock it would take otherwise is the one the I/O thread needs to
     * hand over each fetch response.
     */
    private volatile Set<TopicPartition> assigned = Set.of();
    /** Rotates the partition first served by each poll, so no partition starves. */
    private int rotation;

    SubscriptionState(AutoOffsetReset defaultReset, boolean useCommittedOffsets) {
        this.defaultReset = defaultReset;
        this.useCommittedOffsets = useCommittedOffsets;
    }

    /** Takes the state lock: the partition states' fields are read and written only under it. */
    void lock() {
        lock.lock();
    }

    /** Releases the state lock, running the work handed over meanwhile (see {@link HandOverLock}). */
    void unlock() {
        lock.unlock();
    }

    /**
     * Runs {@code work} under the state lock now if it is free, else hands it to the thread holding it; the action it
     * returns runs after the lock is released. For the network thread, which must not wait for the application.
     */
    void runOrHandOver(Supplier<Runnable> work) {
        lock.runOrHandOver(work);
    }

    AutoOffsetReset defaultReset() {
        return defaultReset;
    }

    Mode mode() {
        return mode;
    }

    void assignFromUser(Collection<TopicPartition> partitions) {
        lock.lock();
        try {
            if (mode.isGroup()) {
                throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive:"
                        + " call unsubscribe() before assign()");
            }
            mode = partitions.isEmpty() ? Mode.NONE : Mode.ASSIGNED;
            setAssignment(partitions, useCommittedOffsets ? PartitionState.Phase.AWAIT_COMMITTED
                    : PartitionState.Phase.AWAIT_RESET);
        } finally {
            lock.unlock();
        }
    }

    void subscribe(Set<String> newTopics, ConsumerRebalanceListener newListener) {
        lock.lock();
        try {
            requireNotAssigned();
            mode = newTopics.isEmpty() ? Mode.NONE : Mode.TOPICS;
            topics = Set.copyOf(newTopics);
            pattern = null;
            brokerPattern = null;
            listener = newListener;
        } finally {
            lock.unlock();
        }
    }

    void subscribe(Pattern newPattern, ConsumerRebalanceListener newListener) {
        lock.lock();
        try {
            requireNotAssigned();
            mode = Mode.PATTERN;
            pattern = newPattern;
            brokerPattern = null;
            topics = Set.of();
            listener = newListener;
        } finally {
            lock.unlock();
        }
    }

    void subscribe(SubscriptionPattern newPattern, ConsumerRebalanceListener newListener) {
        lock.lock();
        try {
            requireNotAssigned();
            mode = Mode.BROKER_PATTERN;
            brokerPattern = newPattern;
            pattern = null;
            topics = Set.of();
            listener = newListener;
        } finally {
            lock.unlock();
        }
    }

    /** The broker-evaluated pattern, or null. */
    SubscriptionPattern brokerPattern() {
        lock.lock();
        try {
            return brokerPattern;
        } finally {
            lock.unlock();
        }
    }

    /** For a broker-evaluated pattern: the topics of the assignment stand for what it matched. */
    void setBrokerPatternTopics(Set<String> assignedTopics) {
        lock.lock();
        try {
            if (mode == Mode.BROKER_PATTERN) {
                topics = Set.copyOf(assignedTopics);
            }
        } finally {
            lock.unlock();
        }
    }

    private void requireNotAssigned() {
        if (mode == Mode.ASSIGNED) {
            throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive:"
                    + " call unsubscribe() before subscribe()");
        }
    }

    /** For a pattern subscription: the topics it currently matches. Returns whether they changed. */
    boolean setPatternTopics(Set<String> matched) {
        lock.lock();
        try {
            if (mode != Mode.PATTERN || topics.equals(matched)) {
                return false;
            }
            topics = Set.copyOf(matched);
            return true;
        } finally {
            lock.unlock();
        }
    }

    void unsubscribe() {
        lock.lock();
        try {
            mode = Mode.NONE;
            topics = Set.of();
            pattern = null;
            brokerPattern = null;
            listener = null;
            assignment.values().forEach(PartitionState::clearBuffer);
            assignment.clear();
            assigned = Set.of();
        } finally {
            lock.unlock();
        }
    }

    /** Sets the group's assignment; kept partitions keep their state, new ones wait for committed offsets. */
    void assignFromGroup(Collection<TopicPartition> partitions) {
        lock.lock();
        try {
            setAssignment(partitions, PartitionState.Phase.AWAIT_COMMITTED);
        } finally {
            lock.unlock();
        }
    }

    private void setAssignment(Collection<TopicPartition> partitions, PartitionState.Phase initial) {
        LinkedHashMap<TopicPartition, PartitionState> next = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionState existing = assignment.get(tp);
            next.put(tp, existing != null ? existing : new PartitionState(tp, initial, defaultReset));
        }
        assignment.forEach((tp, state) -> {
            if (!next.containsKey(tp)) {
                state.clearBuffer();
            }
        });
        assignment.clear();
        assignment.putAll(next);
        assigned = Set.copyOf(next.keySet());
    }

    /** How many partitions are assigned, for the assigned-partitions metric: no copy. */
    int assignedCount() {
        lock.lock();
        try {
            return assignment.size();
        } finally {
            lock.unlock();
        }
    }

    /** The assigned partitions, an immutable snapshot; no lock, no copy. */
    Set<TopicPartition> assignedPartitions() {
        return assigned;
    }

    Set<String> subscription() {
        lock.lock();
        try {
            return mode.isGroup() ? topics : Set.of();
        } finally {
            lock.unlock();
        }
    }

    Pattern pattern() {
        lock.lock();
        try {
            return pattern;
        } finally {
            lock.unlock();
        }
    }

    ConsumerRebalanceListener listener() {
        lock.lock();
        try {
            return listener;
        } finally {
            lock.unlock();
        }
    }

    boolean isAssigned(TopicPartition tp) {
        lock.lock();
        try {
            return assignment.containsKey(tp);
        } finally {
            lock.unlock();
        }
    }

    private PartitionState required(TopicPartition tp, String operation) {
        PartitionState state = assignment.get(tp);
        if (state == null) {
            throw new IllegalStateException("No current assignment for partition " + tp + ": cannot " + operation
                    + " a partition that is not assigned to this consumer");
        }
        return state;
    }

    void seek(TopicPartition tp, long offset, Optional<Integer> epoch) {
        lock.lock();
        try {
            if (offset < 0) {
                throw new IllegalArgumentException("Seek offset must not be negative, got " + offset + " for " + tp);
            }
            required(tp, "seek").seek(offset, epoch);
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #seek}, validating the position first when {@code epoch} is given (KIP-320). */
    void seekUnvalidated(TopicPartition tp, long offset, Optional<Integer> epoch) {
        lock.lock();
        try {
            if (offset < 0) {
                throw new IllegalArgumentException("Seek offset must not be negative, got " + offset + " for " + tp);
            }
            required(tp, "seek").seekUnvalidated(offset, epoch);
        } finally {
            lock.unlock();
        }
    }

    void requestReset(Collection<TopicPartition> partitions, AutoOffsetReset strategy) {
        lock.lock();
        try {
            Collection<TopicPartition> targets = partitions.isEmpty() ? assignment.keySet() : partitions;
            for (TopicPartition tp : targets) {
                required(tp, "reset the offset of").requestReset(strategy);
            }
        } finally {
            lock.unlock();
        }
    }

    void pause(Collection<TopicPartition> partitions, boolean paused) {
        lock.lock();
        try {
            for (TopicPartition tp : partitions) {
                required(tp, paused ? "pause" : "resume").paused = paused;
            }
        } finally {
            lock.unlock();
        }
    }

    Set<TopicPartition> paused() {
        lock.lock();
        try {
            Set<TopicPartition> out = new LinkedHashSet<>();
            assignment.forEach((tp, s) -> {
                if (s.paused) {
                    out.add(tp);
                }
            });
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The position if valid, else empty. */
    Optional<Long> position(TopicPartition tp) {
        lock.lock();
        try {
            PartitionState state = required(tp, "get the position of");
            return state.hasValidPosition() ? Optional.of(state.position) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Valid positions of every assigned partition, with their last epochs, for commits. */
    Map<TopicPartition, io.petrel.client.OffsetAndMetadata> allConsumed() {
        lock.lock();
        try {
            Map<TopicPartition, io.petrel.client.OffsetAndMetadata> out = new LinkedHashMap<>();
            assignment.forEach((tp, s) -> {
                if (s.hasValidPosition()) {
                    out.put(tp, new io.petrel.client.OffsetAndMetadata(s.position, s.lastEpoch, ""));
                }
            });
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} on every assigned partition's state; the caller holds the lock. */
    void forEach(Consumer<PartitionState> action) {
        lock.lock();
        try {
            assignment.values().forEach(action);
        } finally {
            lock.unlock();
        }
    }

    /** The assigned states in assignment order, under the lock. */
    List<PartitionState> states() {
        lock.lock();
        try {
            return new ArrayList<>(assignment.values());
        } finally {
            lock.unlock();
        }
    }

    /** The assigned states in this poll's rotation order, under the lock; the rotation advances. */
    List<PartitionState> rotatedStates() {
        lock.lock();
        try {
            List<PartitionState> states = new ArrayList<>(assignment.values());
            if (states.size() > 1) {
                int start = Math.floorMod(rotation++, states.size());
                List<PartitionState> rotated = new ArrayList<>(states.subList(start, states.size()));
                rotated.addAll(states.subList(0, start));
                return rotated;
            }
            return states;
        } finally {
            lock.unlock();
        }
    }

    /** The state of an assigned partition, or null; read its fields only under the state lock. */
    PartitionState state(TopicPartition tp) {
        lock.lock();
        try {
            return assignment.get(tp);
        } finally {
            lock.unlock();
        }
    }
}
