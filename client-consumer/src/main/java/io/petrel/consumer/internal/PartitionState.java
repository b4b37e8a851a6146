package io.petrel.consumer.internal;

import io.petrel.client.OffsetAndMetadata;
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
 *
 * <p><b>Leader epochs (KIP-320).</b> The state remembers the leader (and its epoch) its position is known valid
 * against. When the metadata names another leader or epoch ({@link #leaderSeen}), a position that carries the
 * epoch of the last record consumed is no longer trusted: fetching stops (phase AWAIT_VALIDATION, buffered data
 * dropped) until OffsetForLeaderEpoch says where that epoch ends on the new leader ({@link #completeValidation}):
 * at or past the position, fetching goes on; before it, the log was truncated under the consumer.
 */
final class PartitionState {
    /** How the position is known. */
    enum Phase {
        /** A group assignment waiting for the group's committed offset. */
        AWAIT_COMMITTED,
        /** Waiting for a ListOffsets lookup by {@link #reset}. */
        AWAIT_RESET,
        /** The position must be checked against the current leader's log before fetching (OffsetForLeaderEpoch). */
        AWAIT_VALIDATION,
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
    /** The leader and its epoch the position is known valid against; -1 before the first look at the metadata. */
    int leaderId = -1;
    int leaderEpoch = -1;
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

    /**
     * Moves to {@code offset}, whose preceding record has leader {@code epoch}: with an epoch the position is first
     * validated against the current leader (a committed offset, or seek with an OffsetAndMetadata), as kafka-clients
     * does; without one it is fetched at once.
     */
    void seekUnvalidated(long offset, Optional<Integer> epoch) {
        seek(offset, epoch);
        if (epoch.isPresent()) {
            phase = Phase.AWAIT_VALIDATION;
        }
    }

    /**
     * The metadata names {@code leaderId} at {@code epoch} as the partition's leader. The first sight is taken as
     * the leader the position was set against; a later change stops fetching until the position is validated,
     * when there is an epoch to validate (else nothing could be checked, and fetching goes on, as in Kafka).
     * Returns whether the partition now awaits validation.
     */
    boolean leaderSeen(int leaderId, int epoch) {
        if (phase != Phase.FETCHING && phase != Phase.AWAIT_VALIDATION) {
            return false;
        }
        boolean firstSight = this.leaderId == -1 && this.leaderEpoch == -1;
        boolean changed = this.leaderId != leaderId || this.leaderEpoch != epoch;
        this.leaderId = leaderId;
        this.leaderEpoch = epoch;
        if (epoch < 0 || lastEpoch.isEmpty()) {
            phase = Phase.FETCHING; // nothing to validate against, as in Kafka
        } else if (changed && !firstSight) {
            phase = Phase.AWAIT_VALIDATION;
            fetchOffset = position;
            clearBuffer();
        }
        return phase == Phase.AWAIT_VALIDATION;
    }

    /**
     * Applies where the current leader's log ends the epoch of the last record consumed ({@code endOffset} and
     * {@code endEpoch}, -1 when it cannot place that epoch), as kafka-clients does: at or past the position, the
     * position is valid; before it, records consumed are gone. Then with a reset policy the position moves to the
     * divergent offset (the first one known to diverge), or, when the epoch cannot be placed, is reset by the
     * policy; with {@code policy} NONE the partition keeps awaiting validation and the truncation is returned for
     * poll to throw.
     */
    LogTruncation completeValidation(long endOffset, int endEpoch, AutoOffsetReset policy) {
        boolean unknown = endOffset < 0 || endEpoch < 0;
        if (!unknown && endOffset >= position) {
            phase = Phase.FETCHING;
            return null;
        }
        LogTruncation truncation = new LogTruncation(tp, position, lastEpoch,
                unknown ? Optional.empty() : Optional.of(new OffsetAndMetadata(endOffset, Optional.of(endEpoch), "")));
        if (policy == AutoOffsetReset.NONE) {
            phase = Phase.AWAIT_VALIDATION;
            return truncation;
        }
        if (unknown) {
            requestReset(policy);
        } else {
            seek(endOffset, Optional.of(endEpoch));
        }
        return truncation.resolvedBy(policy);
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

    /** Whether the position is known (it may still await validation, as in Kafka). */
    boolean hasValidPosition() {
        return phase == Phase.FETCHING || phase == Phase.AWAIT_VALIDATION;
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
