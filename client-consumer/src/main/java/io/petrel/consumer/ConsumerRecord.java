package io.petrel.consumer;

import io.petrel.client.TopicPartition;
import io.petrel.protocol.record.TimestampType;
import io.petrel.serializers.Headers;

import java.util.Optional;

/**
 * One record read from a partition, deserialized.
 *
 * @param topic               the topic it was read from
 * @param partition           the partition it was read from
 * @param offset              its offset in the partition
 * @param timestamp           its timestamp (producer's or broker's, see {@code timestampType})
 * @param timestampType       what the timestamp means
 * @param key                 the deserialized key, may be null
 * @param value               the deserialized value, may be null
 * @param headers             its headers (read-only when empty)
 * @param serializedKeySize   the key's size in bytes, -1 for a null key
 * @param serializedValueSize the value's size in bytes, -1 for a null value
 * @param leaderEpoch         the leader epoch of the batch, when the broker set one
 */
public record ConsumerRecord<K, V>(String topic, int partition, long offset, long timestamp,
                                   TimestampType timestampType, K key, V value, Headers headers,
                                   int serializedKeySize, int serializedValueSize, Optional<Integer> leaderEpoch) {

    /** The partition as one value. */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
