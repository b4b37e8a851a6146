package io.petrel.consumer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.AutoOffsetReset;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * What the consumer knows of one assigned partition: where the application is (position), where the
 * next fetch starts (fetchOffset, ahead of the position while fetched data is buffered), the buffered
 * fetch responses, and whether the position must first be found (committed offset or reset).
 *
 * <p>Guarded by the {@link SubscriptionState}'s lock; only the {@link CompletedFetch} cursors are read
 * outside it, by the application thread alone. {@code generation} changes whenever the position is set
 * from outside the fetch stream (seek, reset, reassignment), so an answer to a fetch or lookup sent
 * before that is recognised as stale and dropped.
 */
final class PartitionState {
    /** How the position is known. */
    enum Phase {
        /** A group assignment waiting for the group's committed offset. */
        AWAIT_COMMITTED,
        /** Waiting for a ListOffsets lookup by {@link #reset}. */
        AWAIT_RESET,
        /** The position is valid and the partition is fetched. */
        FETCHING
    }

    final TopicPartition tp;
    Phase phase;
    AutoOffsetReset reset;
    /** The offset of the next record the application gets. */
    long position = -1;
    /** The leader epoch of the last record returned, for commits. */
    Optional<Integer> lastEpoch = Optional.empty();
    /** Where the next fetch starts: the end of what is buffered or in flight. */
    long fetchOffset = -1;
    int generation;
    boolean paused;
    boolean fetchInFlight;
    boolean lookupInFlight;
    /** Fetched data not yet returned, oldest first. */
    final ArrayDeque<CompletedFetch> buffered = new ArrayDeque<>();
    /** Records in {@link #buffered} not yet returned (approximate: counts batches' declared records). */
    long bufferedRecords;
    long highWatermark = -1;
    long logStartOffset = -1;
    long lastStableOffset = -1;
    /**
     * Where lag is measured to: the high watermark, or the last stable offset under read_committed, as the last
     * fetch response naming the partition told (-1 before one). Kept because with fetch sessions a response names
     * a partition only when something changed, while the lag changes as the application consumes.
     */
    long lagEnd = -1;
    /** Not before this (nanos) is the partition fetched again after an error. */
    long backoffUntilNanos;

    PartitionState(TopicPartition tp, Phase phase, AutoOffsetReset reset) {
        this.tp = tp;
        this.phase = phase;
        this.reset = reset;
    }

    /** Moves to {@code offset}, dropping buffered data and making in-flight answers stale. */
    void seek(long offset, Optional<Integer> epoch) {
        position = offset;
        fetchOffset = offset;
        lastEpoch = epoch;
        phase = Phase.FETCHING;
        clearBuffer();
    }

    /** Forgets the position: it will be looked up with {@code strategy}. */
    void requestReset(AutoOffsetReset strategy) {
        reset = strategy;
        phase = Phase.AWAIT_RESET;
        position = -1;
        fetchOffset = -1;
        clearBuffer();
    }

    void clearBuffer() {
        generation++;
        buffered.clear();
        bufferedRecords = 0;
        fetchInFlight = false;
        lookupInFlight = false;
    }

    boolean hasValidPosition() {
        return phase == Phase.FETCHING;
    }

    /** Whether its fetched records may be returned now. */
    boolean isFetchable() {
        return phase == Phase.FETCHING && !paused;
    }

    /** Records the partition's records-lag and records-lead at its position, once a fetch response told its offsets. */
    void recordLag(ConsumerMetrics metrics) {
        if (lagEnd >= 0) {
            metrics.partitionLag(tp, lagEnd - position, position - logStartOffset);
        }
    }
}
