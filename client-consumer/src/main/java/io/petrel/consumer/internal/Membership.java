package io.petrel.consumer.internal;

import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the consumer asks of its group membership, whichever group protocol runs it: {@link GroupMembership}
 * (classic: JoinGroup/SyncGroup) or {@link ConsumerProtocolMembership} (KIP-848: ConsumerGroupHeartbeat).
 * Every method runs on the application thread.
 */
interface Membership {
    /** The subscription changed: it reaches the group at the next poll. */
    void onSubscriptionChanged();

    /** Commits offsets as this member (its generation or epoch); completes on the network thread. */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commit(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Who this consumer is in its group, for sendOffsetsToTransaction. */
    ConsumerGroupMetadata groupMetadata();

    /** Keeps the membership going inside Consumer.poll; returns by the deadline. */
    void poll(long deadlineNanos);

    /** The longest the poll loop may wait without a signal. */
    long nanosUntilNextEvent();

    /** Looks up committed offsets of partitions the group just assigned. */
    void refreshCommittedOffsets();

    /** Revokes the owned partitions and leaves the group (unsubscribe). */
    void leave(String reason, long deadlineNanos);

    /**
     * In a group: commits (auto commit), revokes, leaves; then stops heartbeats (close). A manual assignment's
     * auto commit on close is the consumer's.
     */
    void close(long deadlineNanos);
}
