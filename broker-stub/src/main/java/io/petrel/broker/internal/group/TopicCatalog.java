package io.petrel.broker.internal.group;

import java.util.Optional;
import java.util.UUID;

/**
 * What the group coordinator may ask of the broker's topics: whether a committed partition exists (Kafka
 * refuses offsets for unknown partitions) and how topic ids map to names (OffsetCommit and OffsetFetch
 * v10 name topics by id). A coordinator opened without a catalog accepts any topic name and does not
 * serve the id-based versions.
 */
public interface TopicCatalog {

    /** The id of the topic, or empty if no such topic exists. */
    Optional<UUID> topicId(String topic);

    /** The name of the topic with this id, or empty if there is none. */
    Optional<String> topicName(UUID topicId);

    /** Whether the topic exists and has this partition. */
    boolean hasPartition(String topic, int partition);
}
