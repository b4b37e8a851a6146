package io.petrel.admin;

import java.util.List;
import java.util.UUID;

/**
 * A topic as {@link Admin#describeTopics} describes it.
 *
 * @param name       its name
 * @param internal   whether the broker marks it internal
 * @param partitions its partitions, by index
 * @param topicId    its id, or null where the broker reports none
 */
public record TopicDescription(String name, boolean internal, List<TopicPartitionInfo> partitions, UUID topicId) {
    public TopicDescription {
        partitions = List.copyOf(partitions);
    }
}
