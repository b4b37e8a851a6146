package io.petrel.broker.internal.topic;

/**
 * One partition of a topic, by topic name.
 *
 * @param topic     the topic's name
 * @param partition the partition index
 */
public record TopicPartition(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
