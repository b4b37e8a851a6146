package io.petrel.broker.internal.group;

import java.util.Optional;
import java.util.UUID;

/**
 * The broker's topic ids and partitions, as far as the group coordinator needs them: whether a committed
 * partition exists (Kafka refuses offsets for unknown partitions) and how topic ids map to names
 * (OffsetCommit and OffsetFetch v10 name topics by id). A coordinator opened without one accepts any topic
 * name and does not serve the id-based versions.
 */
public interface TopicIdsAndPartitions {

    /** The id of the topic, or empty if no such topic exists. */
    Optional<UUID> topicId(String topic);

    /** The name of the topic with this id, or empty if there is none. */
    Optional<String> topicName(UUID topicId);

    /** Whether the topic exists and has this partition. */
    boolean hasPartition(String topic, int partition);
}
