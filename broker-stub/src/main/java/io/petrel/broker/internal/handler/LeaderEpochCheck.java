package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ErrorCode;

/**
 * A partition's current leader epoch as handlers report it, and the check of an epoch a client sends with
 * Fetch, ListOffsets or OffsetForLeaderEpoch. This node leads every partition; the epoch moves on with each
 * start of the broker (see {@link io.petrel.broker.internal.log.PartitionLog}), as a Kafka node's does.
 */
final class LeaderEpochCheck {
    /** What Kafka reports for a partition with no known epoch. */
    static final int NO_EPOCH = -1;

    private LeaderEpochCheck() {
    }

    /** The current leader epoch of a partition, or {@value #NO_EPOCH} when it does not exist. */
    static int epoch(TopicRegistry topics, String topic, int partition) {
        try {
            return topics.partition(topic, partition).leaderEpoch();
        } catch (TopicException e) {
            return NO_EPOCH;
        }
    }

    /**
     * The error for a client's current_leader_epoch, or null when it matches or is unset (-1): an older one is
     * FENCED_LEADER_EPOCH, a newer one is from a future this broker has not seen (UNKNOWN_LEADER_EPOCH), as Kafka
     * answers.
     */
    static ErrorCode check(int current, int requested) {
        if (requested < 0 || requested == current) {
            return null;
        }
        return requested > current ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.FENCED_LEADER_EPOCH;
    }
}
