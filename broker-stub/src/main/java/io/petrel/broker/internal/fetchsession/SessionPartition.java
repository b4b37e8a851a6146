package io.petrel.broker.internal.fetchsession;

import java.util.Objects;
import java.util.UUID;

/**
 * A partition as a fetch session names it: by topic id in sessions of Fetch v13+ ({@code topicName} null), by topic
 * name below ({@code topicId} null), as the client named it in the request that added it.
 *
 * @param topicId   the topic id (v13+), else null
 * @param topicName the topic name (below v13), else null
 * @param partition the partition index
 */
public record SessionPartition(UUID topicId, String topicName, int partition) {

    /** A partition named by topic id (Fetch v13+). */
    public static SessionPartition byId(UUID topicId, int partition) {
        return new SessionPartition(topicId, null, partition);
    }

    /** A partition named by topic name (Fetch below v13). */
    public static SessionPartition byName(String topicName, int partition) {
        return new SessionPartition(null, topicName, partition);
    }

    /** Whether {@code other} names the same topic (for grouping partitions of one topic in a response). */
    public boolean sameTopic(SessionPartition other) {
        return Objects.equals(topicId, other.topicId) && Objects.equals(topicName, other.topicName);
    }
}
