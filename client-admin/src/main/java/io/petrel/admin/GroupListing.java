package io.petrel.admin;

/**
 * A group as {@link Admin#listGroups} lists it.
 *
 * @param groupId      its id
 * @param protocolType "consumer" for consumer groups of either kind (empty for a group that only stores offsets)
 * @param state        its state (Stable, Empty, ...), empty where the broker does not say
 * @param type         CLASSIC or CONSUMER (or SHARE, STREAMS); UNKNOWN where the broker does not say
 *                     (ListGroups before v5, brokers before Kafka 3.8)
 */
public record GroupListing(String groupId, String protocolType, String state, GroupType type) {
    /** Whether it is a consumer group (or a group only storing offsets, as Kafka lists those too). */
    public boolean isConsumerGroup() {
        return protocolType.isEmpty() || "consumer".equals(protocolType);
    }
}
