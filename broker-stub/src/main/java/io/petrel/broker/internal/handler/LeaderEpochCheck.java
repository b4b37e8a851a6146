package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.log.PartitionLog;
import io.petrel.protocol.ErrorCode;

/**
 * The leader epoch of every partition here, and the check of an epoch a client sends with Fetch or
 * ListOffsets. A single node leads every partition from the start and never changes, so the epoch is
 * always {@value #EPOCH}.
 */
final class LeaderEpochCheck {
    /** The leader epoch Metadata reports and every partition has. */
    static final int EPOCH = PartitionLog.LEADER_EPOCH;

    private LeaderEpochCheck() {
    }

    /**
     * The error for a client's current_leader_epoch, or null when it matches or is unset (-1): a larger
     * one is from a future this broker has not seen (UNKNOWN_LEADER_EPOCH), as Kafka answers.
     */
    static ErrorCode check(int currentLeaderEpoch) {
        if (currentLeaderEpoch < 0 || currentLeaderEpoch == EPOCH) {
            return null;
        }
        return currentLeaderEpoch > EPOCH ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.FENCED_LEADER_EPOCH;
    }
}
