package io.petrel.consumer.internal;

import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.AutoOffsetReset;

import java.util.Optional;

/**
 * A partition whose log lost records the consumer had read, found by validating its position (KIP-320).
 *
 * @param tp              the partition
 * @param fetchOffset     the position that was validated
 * @param fetchEpoch      the leader epoch of the last record consumed before it
 * @param divergentOffset the first offset known to diverge, with the epoch ending there; empty when the new leader
 *                        could not place the epoch
 * @param resolution      the auto.offset.reset policy that moved the position on, or null when none did (the
 *                        application is told with a LogTruncationException)
 */
record LogTruncation(TopicPartition tp, long fetchOffset, Optional<Integer> fetchEpoch,
                     Optional<OffsetAndMetadata> divergentOffset, AutoOffsetReset resolution) {

    LogTruncation(TopicPartition tp, long fetchOffset, Optional<Integer> fetchEpoch,
                  Optional<OffsetAndMetadata> divergentOffset) {
        this(tp, fetchOffset, fetchEpoch, divergentOffset, null);
    }

    LogTruncation resolvedBy(AutoOffsetReset policy) {
        return new LogTruncation(tp, fetchOffset, fetchEpoch, divergentOffset, policy);
    }

    /** One line for logs and the exception: the partition, the fetch position and where the log diverges. */
    String describe() {
        String at = "partition " + tp + " at fetch position " + fetchOffset + " (leader epoch "
                + fetchEpoch.map(String::valueOf).orElse("unknown") + ")";
        return divergentOffset.map(d -> at + " diverges from the log at offset " + d.offset() + " (leader epoch "
                        + d.leaderEpoch().map(String::valueOf).orElse("unknown") + ")")
                .orElse(at + ": the current leader cannot place that epoch (divergent offset unknown)");
    }
}
