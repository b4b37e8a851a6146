package io.petrel.broker.internal.topic;

import io.petrel.broker.internal.group.TopicCatalog;

import java.util.Optional;
import java.util.UUID;

/** The group coordinator's view of the broker's topics, read live from the registry. */
public record RegisteredTopicCatalog(TopicRegistry topics) implements TopicCatalog {

    @Override
    public Optional<UUID> topicId(String topic) {
        return topics.topic(topic).map(Topic::id);
    }

    @Override
    public Optional<String> topicName(UUID topicId) {
        return topics.topic(topicId).map(Topic::name);
    }

    @Override
    public boolean hasPartition(String topic, int partition) {
        return topics.topic(topic).map(t -> t.hasPartition(partition)).orElse(false);
    }
}
