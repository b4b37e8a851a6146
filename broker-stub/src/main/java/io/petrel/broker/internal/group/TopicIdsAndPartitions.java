package io.petrel.broker.internal.group;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Versions;

import java.util.Map;
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

    /** A topic's id and partition count, as consumer groups' assignments need them. */
    record TopicInfo(UUID id, int partitions) {
    }

    /**
     * Every topic by name, for consumer groups' subscriptions (names and regular expressions); none by default, so a
     * coordinator given only the methods above assigns nothing to consumer-protocol members.
     */
    default Map<String, TopicInfo> allTopics() {
        return Map.of();
    }

    /**
     * The versions of {@code api} a coordinator serves: all of them with {@code topics}, else (null) only
     * those before {@code firstTopicIdVersion}, since a version that names topics by id cannot be answered.
     */
    static Versions servedVersions(ApiKey api, short firstTopicIdVersion, TopicIdsAndPartitions topics) {
        Versions all = api.versions();
        return topics != null ? all : all.intersect(new Versions(all.lowest(), (short) (firstTopicIdVersion - 1)));
    }
}
