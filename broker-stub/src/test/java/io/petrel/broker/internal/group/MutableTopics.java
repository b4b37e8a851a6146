package io.petrel.broker.internal.group;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Topics a test creates, deletes and grows, as the broker's registry would show them to the coordinator. */
final class MutableTopics implements TopicIdsAndPartitions {
    private final Map<String, TopicInfo> topics = new TreeMap<>();
    private long nextId = 1;

    MutableTopics create(String name, int partitions) {
        topics.put(name, new TopicInfo(new UUID(42, nextId++), partitions));
        return this;
    }

    void delete(String name) {
        topics.remove(name);
    }

    void grow(String name, int partitions) {
        topics.put(name, new TopicInfo(topics.get(name).id(), partitions));
    }

    UUID id(String name) {
        return topics.get(name).id();
    }

    @Override
    public Optional<UUID> topicId(String topic) {
        return Optional.ofNullable(topics.get(topic)).map(TopicInfo::id);
    }

    @Override
    public Optional<String> topicName(UUID topicId) {
        return topics.entrySet().stream().filter(e -> e.getValue().id().equals(topicId)).map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public boolean hasPartition(String topic, int partition) {
        TopicInfo t = topics.get(topic);
        return t != null && partition >= 0 && partition < t.partitions();
    }

    @Override
    public Map<String, TopicInfo> allTopics() {
        return Map.copyOf(topics);
    }
}
