package io.petrel.interop.cluster;

/**
 * Which group protocol a consumer-group scenario's members speak ({@code group.protocol}): the classic one (JoinGroup,
 * SyncGroup, client-side assignment), or Kafka 4's consumer group protocol (KIP-848: ConsumerGroupHeartbeat, the
 * broker assigns and the members reconcile, revoking partitions one rebalance step at a time).
 */
enum GroupProtocol {
    CLASSIC,
    CONSUMER;

    /** The {@code group.protocol} value, as in reports. */
    String label() {
        return name().toLowerCase();
    }
}
