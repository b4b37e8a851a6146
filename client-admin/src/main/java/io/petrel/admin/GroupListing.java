package io.petrel.admin;

/**
 * A group as {@link Admin#listGroups} lists it.
 *
 * @param groupId      its id
 * @param protocolType "consumer" for consumer groups (empty for a group that only stores offsets)
 * @param state        its state (Stable, Empty, ...), empty where the broker does not say
 */
public record GroupListing(String groupId, String protocolType, String state) {
    /** Whether it is a consumer group (or a group only storing offsets, as Kafka lists those too). */
    public boolean isConsumerGroup() {
        return protocolType.isEmpty() || "consumer".equals(protocolType);
    }
}
