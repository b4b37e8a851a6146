package io.petrel.broker.internal.topic;

import io.petrel.broker.internal.group.TopicIdsAndPartitions;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The ids and partitions of the topics in the registry, read live, as the group coordinator asks for them. */
public record RegisteredTopicIdsAndPartitions(TopicRegistry topics) implements TopicIdsAndPartitions {

    @Override
    public Optional<UUID> topicId(String topic) {
        return topics.topic(topic).map(Topic::id);
    }

    @Override
    public Optional<String> topicName(UUID topicId) {
        return topics.topic(topicId).map(Topic::name);
    }

    @Override
    public Map<String, TopicInfo> allTopics() {
        Map<String, TopicInfo> out = new TreeMap<>();
        for (Topic t : topics.topics()) {
            out.put(t.name(), new TopicInfo(t.id(), t.partitions()));
        }
        return out;
    }

    @Override
    public boolean hasPartition(String topic, int partition) {
        return topics.topic(topic).map(t -> t.hasPartition(partition)).orElse(false);
    }
}
