package io.petrel.consumer;

import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;

import java.util.Map;

/**
 * auto.offset.reset is none and the log under these partitions' positions was truncated: after a leader change
 * the consumer validated each position with OffsetForLeaderEpoch (KIP-320) and the new leader's log ends the epoch
 * of the last record consumed before the position, so records the consumer read are no longer in the log (an
 * unclean leader election, or a lost unflushed tail). {@link #offsetOutOfRangePartitions()} gives each
 * partition's fetch position; {@link #divergentOffsets()} the first offset known to diverge, with its leader
 * epoch, when the broker could place it. Seek the partitions (to the divergent offset, say) to go on.
 */
public class LogTruncationException extends OffsetOutOfRangeException {
    private static final long serialVersionUID = 1L;
    private final transient Map<TopicPartition, OffsetAndMetadata> divergentOffsets;

    public LogTruncationException(String message, Map<TopicPartition, Long> fetchOffsets,
                                  Map<TopicPartition, OffsetAndMetadata> divergentOffsets) {
        super(message, fetchOffsets);
        this.divergentOffsets = Map.copyOf(divergentOffsets);
    }

    /**
     * Per truncated partition whose divergence the broker could place: the first offset not in the log any more
     * as the consumer read it, with the leader epoch that ends there. A partition is missing when its epoch is
     * unknown to the new leader.
     */
    public Map<TopicPartition, OffsetAndMetadata> divergentOffsets() {
        return divergentOffsets;
    }
}
