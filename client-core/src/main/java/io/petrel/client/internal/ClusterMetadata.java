package io.petrel.client.internal;

import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.client.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What a client knows of the cluster: brokers, and per topic its id and partitions with their leaders.
 * Topics are fetched on first use and refreshed every {@code metadata.max.age.ms}, or sooner when a
 * client reports stale leadership ({@link #requestUpdate}). Reads never block: they answer from the
 * cache, and {@link #awaitTopic} gives a future for a topic not known yet.
 */
public interface ClusterMetadata {

    /** The topic's partitions if known; empty when the topic was never fetched (or does not exist). */
    Optional<List<PartitionInfo>> partitions(String topic);

    /** The topic's id if known (needed for Produce and Fetch v13+). */
    Optional<UUID> topicId(String topic);

    /** The topic's name for an id, if known. */
    Optional<String> topicName(UUID topicId);

    /** One partition's info (leader, leader epoch, replicas), if known. */
    default Optional<PartitionInfo> partition(TopicPartition partition) {
        return partitions(partition.topic()).flatMap(list -> list.stream()
                .filter(p -> p.partition() == partition.partition()).findFirst());
    }

    /** The current leader of a partition, if known. */
    Optional<Node> leader(TopicPartition partition);

    /** A broker by id, if known. */
    Optional<Node> node(int nodeId);

    /**
     * Completes with the topic's partitions once metadata for it arrives (at once if cached); fails with
     * a BrokerErrorException for a topic that does not exist and is not auto-created. The caller applies
     * its own deadline.
     */
    CompletableFuture<List<PartitionInfo>> awaitTopic(String topic);

    /** Asks for a refresh of these topics soon (after a NOT_LEADER_OR_FOLLOWER, say). */
    void requestUpdate(String... topics);

    /**
     * Applies a leader hint from a broker's answer (KIP-951: the current leader and its endpoint that a Produce or
     * Fetch response names along with NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH), so the client moves to the new
     * leader without waiting for a full refresh. Applied only when {@code leaderEpoch} is newer than the cached
     * one and the leader's endpoint is known (from {@code endpoints} or the cached brokers).
     *
     * @param endpoints brokers the response described, by id (may be empty)
     * @return whether the cache now names the hinted leader
     */
    default boolean updateLeader(TopicPartition partition, int leaderId, int leaderEpoch, Map<Integer, Node> endpoints) {
        return false;
    }

    /** The cluster id, once known. */
    Optional<String> clusterId();

    /**
     * Throws, once, an error that makes metadata unusable and that no retry will fix, raised since the last
     * call: the {@link io.petrel.client.AuthenticationException} of a connection that could not authenticate, or
     * a {@link io.petrel.client.TopicAuthorizationException} for a topic in use. Clients that wait in a loop
     * (the consumer's poll) call it so that such errors reach the application instead of a timeout.
     */
    default void maybeThrowError() {
    }
}
