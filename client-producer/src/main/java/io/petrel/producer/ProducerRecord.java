package io.petrel.producer;

import io.petrel.serializers.Headers;
import io.petrel.serializers.RecordHeaders;

import java.util.Objects;

/**
 * A record to send: the topic, optionally the partition and timestamp, a key and value (either may be
 * null), and headers.
 *
 * <p>With {@code partition} null the producer's {@link Partitioner} picks one; with {@code timestamp}
 * null the producer stamps the record with the current time when it is sent. The headers are handed
 * over with the record: once sent they are made read-only when they are a {@link RecordHeaders}.
 *
 * @param topic     the topic, never null
 * @param partition the partition, or null to let the partitioner choose
 * @param timestamp the record's create time in milliseconds since the epoch, or null for "now"
 * @param key       the key, or null
 * @param value     the value, or null (a tombstone in a compacted topic)
 * @param headers   the headers, never null (an empty set when none were given)
 * @param <K>       the key type
 * @param <V>       the value type
 */
public record ProducerRecord<K, V>(String topic, Integer partition, Long timestamp, K key, V value, Headers headers) {

    /**
     * @throws NullPointerException     if {@code topic} is null
     * @throws IllegalArgumentException for a negative partition or timestamp
     */
    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("Invalid partition " + partition + ": partitions are 0 or more");
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("Invalid timestamp " + timestamp + ": timestamps are 0 or more");
        }
        headers = headers == null ? new RecordHeaders() : headers;
    }

    /** A record with a value only: no key, any partition, the current time. */
    public static <K, V> ProducerRecord<K, V> of(String topic, V value) {
        return new ProducerRecord<>(topic, null, null, null, value, null);
    }

    /** A record with a key and a value: the partitioner picks the partition from the key. */
    public static <K, V> ProducerRecord<K, V> of(String topic, K key, V value) {
        return new ProducerRecord<>(topic, null, null, key, value, null);
    }

    /**
     * A builder, for records with a partition, timestamp or headers. Give the types where Java cannot infer
     * them: {@code ProducerRecord.<String, String>builder("orders").key("k").value("v").build()}.
     */
    public static <K, V> Builder<K, V> builder(String topic) {
        return new Builder<>(topic);
    }

    /** Builds a {@link ProducerRecord}; every field but the topic is optional. */
    public static final class Builder<K, V> {
        private final String topic;
        private Integer partition;
        private Long timestamp;
        private K key;
        private V value;
        private final RecordHeaders headers = new RecordHeaders();

        private Builder(String topic) {
            this.topic = topic;
        }

        /** Sends to this partition, bypassing the partitioner. */
        public Builder<K, V> partition(int partition) {
            this.partition = partition;
            return this;
        }

        /** The record's create time, in milliseconds since the epoch. */
        public Builder<K, V> timestamp(long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder<K, V> key(K key) {
            this.key = key;
            return this;
        }

        public Builder<K, V> value(V value) {
            this.value = value;
            return this;
        }

        /** Adds a header; a key may be added more than once. */
        public Builder<K, V> header(String key, byte[] value) {
            headers.add(key, value);
            return this;
        }

        /** Adds every header of {@code more}, in order. */
        public Builder<K, V> headers(Headers more) {
            more.forEach(headers::add);
            return this;
        }

        public ProducerRecord<K, V> build() {
            return new ProducerRecord<>(topic, partition, timestamp, key, value, headers);
        }
    }
}
