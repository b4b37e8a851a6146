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
import java.util.regex.Pattern;

/**
 * What the consumer reads: a manual assignment, or a subscription (topics or a pattern) whose partitions
 * the group assigns; and per assigned partition its {@link PartitionState}.
 *
 * <p>Threading: the application thread changes the subscription and positions; network callbacks
 * (fetch responses, offset lookups) add buffered data and resolve positions. Both go through this
 * object's lock, held only for short bookkeeping, never while decoding records or doing I/O.
 */
final class SubscriptionState {
    /** PATTERN is matched here (java.util.regex); BROKER_PATTERN is sent to the broker (consumer protocol). */
    enum Mode { NONE, ASSIGNED, TOPICS, PATTERN, BROKER_PATTERN;

        /** Whether the group assigns the partitions. */
        boolean isGroup() {
            return this == TOPICS || this == PATTERN || this == BROKER_PATTERN;
        }
    }

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

    AutoOffsetReset defaultReset() {
        return defaultReset;
    }

    Mode mode() {
        return mode;
    }

    synchronized void assignFromUser(Collection<TopicPartition> partitions) {
        if (mode.isGroup()) {
            throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive:"
                    + " call unsubscribe() before assign()");
        }
        mode = partitions.isEmpty() ? Mode.NONE : Mode.ASSIGNED;
        setAssignment(partitions, useCommittedOffsets ? PartitionState.Phase.AWAIT_COMMITTED
                : PartitionState.Phase.AWAIT_RESET);
    }

    synchronized void subscribe(Set<String> newTopics, ConsumerRebalanceListener newListener) {
        requireNotAssigned();
        mode = newTopics.isEmpty() ? Mode.NONE : Mode.TOPICS;
        topics = Set.copyOf(newTopics);
        pattern = null;
        brokerPattern = null;
        listener = newListener;
    }

    synchronized void subscribe(Pattern newPattern, ConsumerRebalanceListener newListener) {
        requireNotAssigned();
        mode = Mode.PATTERN;
        pattern = newPattern;
        brokerPattern = null;
        topics = Set.of();
        listener = newListener;
    }

    synchronized void subscribe(SubscriptionPattern newPattern, ConsumerRebalanceListener newListener) {
        requireNotAssigned();
        mode = Mode.BROKER_PATTERN;
        brokerPattern = newPattern;
        pattern = null;
        topics = Set.of();
        listener = newListener;
    }

    /** The broker-evaluated pattern, or null. */
    synchronized SubscriptionPattern brokerPattern() {
        return brokerPattern;
    }

    /** For a broker-evaluated pattern: the topics of the assignment stand for what it matched. */
    synchronized void setBrokerPatternTopics(Set<String> assignedTopics) {
        if (mode == Mode.BROKER_PATTERN) {
            topics = Set.copyOf(assignedTopics);
        }
    }

    private void requireNotAssigned() {
        if (mode == Mode.ASSIGNED) {
            throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive:"
                    + " call unsubscribe() before subscribe()");
        }
    }

    /** For a pattern subscription: the topics it currently matches. Returns whether they changed. */
    synchronized boolean setPatternTopics(Set<String> matched) {
        if (mode != Mode.PATTERN || topics.equals(matched)) {
            return false;
        }
        topics = Set.copyOf(matched);
        return true;
    }

    synchronized void unsubscribe() {
        mode = Mode.NONE;
        topics = Set.of();
        pattern = null;
        brokerPattern = null;
        listener = null;
        assignment.values().forEach(PartitionState::clearBuffer);
        assignment.clear();
        assigned = Set.of();
    }

    /** Sets the group's assignment; kept partitions keep their state, new ones wait for committed offsets. */
    synchronized void assignFromGroup(Collection<TopicPartition> partitions) {
        setAssignment(partitions, PartitionState.Phase.AWAIT_COMMITTED);
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
    synchronized int assignedCount() {
        return assignment.size();
    }

    /** The assigned partitions, an immutable snapshot; no lock, no copy. */
    Set<TopicPartition> assignedPartitions() {
        return assigned;
    }

    synchronized Set<String> subscription() {
        return mode.isGroup() ? topics : Set.of();
    }

    synchronized Pattern pattern() {
        return pattern;
    }

    synchronized ConsumerRebalanceListener listener() {
        return listener;
    }

    synchronized boolean isAssigned(TopicPartition tp) {
        return assignment.containsKey(tp);
    }

    private PartitionState required(TopicPartition tp, String operation) {
        PartitionState state = assignment.get(tp);
        if (state == null) {
            throw new IllegalStateException("No current assignment for partition " + tp + ": cannot " + operation
                    + " a partition that is not assigned to this consumer");
        }
        return state;
    }

    synchronized void seek(TopicPartition tp, long offset, Optional<Integer> epoch) {
        if (offset < 0) {
            throw new IllegalArgumentException("Seek offset must not be negative, got " + offset + " for " + tp);
        }
        required(tp, "seek").seek(offset, epoch);
    }

    /** As {@link #seek}, validating the position first when {@code epoch} is given (KIP-320). */
    synchronized void seekUnvalidated(TopicPartition tp, long offset, Optional<Integer> epoch) {
        if (offset < 0) {
            throw new IllegalArgumentException("Seek offset must not be negative, got " + offset + " for " + tp);
        }
        required(tp, "seek").seekUnvalidated(offset, epoch);
    }

    synchronized void requestReset(Collection<TopicPartition> partitions, AutoOffsetReset strategy) {
        Collection<TopicPartition> targets = partitions.isEmpty() ? assignment.keySet() : partitions;
        for (TopicPartition tp : targets) {
            required(tp, "reset the offset of").requestReset(strategy);
        }
    }

    synchronized void pause(Collection<TopicPartition> partitions, boolean paused) {
        for (TopicPartition tp : partitions) {
            required(tp, paused ? "pause" : "resume").paused = paused;
        }
    }

    synchronized Set<TopicPartition> paused() {
        Set<TopicPartition> out = new LinkedHashSet<>();
        assignment.forEach((tp, s) -> {
            if (s.paused) {
                out.add(tp);
            }
        });
        return out;
    }

    /** The position if valid, else empty. */
    synchronized Optional<Long> position(TopicPartition tp) {
        PartitionState state = required(tp, "get the position of");
        return state.hasValidPosition() ? Optional.of(state.position) : Optional.empty();
    }

    /** Valid positions of every assigned partition, with their last epochs, for commits. */
    synchronized Map<TopicPartition, io.petrel.client.OffsetAndMetadata> allConsumed() {
        Map<TopicPartition, io.petrel.client.OffsetAndMetadata> out = new LinkedHashMap<>();
        assignment.forEach((tp, s) -> {
            if (s.hasValidPosition()) {
                out.put(tp, new io.petrel.client.OffsetAndMetadata(s.position, s.lastEpoch, ""));
            }
        });
        return out;
    }

    /** Runs {@code action} on every assigned partition's state under the lock. */
    synchronized void forEach(Consumer<PartitionState> action) {
        assignment.values().forEach(action);
    }

    /** The assigned states in assignment order, under the lock. */
    synchronized List<PartitionState> states() {
        return new ArrayList<>(assignment.values());
    }

    /** The assigned states in this poll's rotation order, under the lock; the rotation advances. */
    synchronized List<PartitionState> rotatedStates() {
        List<PartitionState> states = new ArrayList<>(assignment.values());
        if (states.size() > 1) {
            int start = Math.floorMod(rotation++, states.size());
            List<PartitionState> rotated = new ArrayList<>(states.subList(start, states.size()));
            rotated.addAll(states.subList(0, start));
            return rotated;
        }
        return states;
    }

    /** The state of an assigned partition, or null; read its fields only under this object's lock. */
    synchronized PartitionState state(TopicPartition tp) {
        return assignment.get(tp);
    }
}
