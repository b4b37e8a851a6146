package io.petrel.producer;

import java.util.Map;

/**
 * Picks the partition of a record whose {@link ProducerRecord#partition()} is null. A record with an
 * explicit partition never reaches the partitioner.
 *
 * <p>Built in: {@link RoundRobinPartitioner} (the default) and {@link StickyPartitioner}; both send a
 * keyed record to {@code murmur2(keyBytes) & 0x7fffffff % numPartitions}, exactly as Kafka does, so
 * Petrel and kafka-clients put the same key on the same partition. Select another one with
 * {@code partitioner.class} or {@link ProducerBuilder#partitioner(Partitioner)}.
 *
 * <p>Called from the threads that call {@link Producer#send}, and from the sender thread for records
 * that waited for their topic's metadata: implementations must be thread-safe.
 */
public interface Partitioner extends AutoCloseable {

    /**
     * @param topic         the record's topic
     * @param keyBytes      the serialized key, or null
     * @param key           the key before serialization, or null
     * @param numPartitions how many partitions the topic has, at least 1
     * @return a partition in {@code [0, numPartitions)}
     */
    int partition(String topic, byte[] keyBytes, Object key, int numPartitions);

    /**
     * Told that a record this partitioner sent to {@code previousPartition} would open a new batch there;
     * the producer then asks again. A sticky partitioner moves on here; others ignore it.
     */
    default void onNewBatch(String topic, int previousPartition) {
        // Most partitioners do not care where batches start.
    }

    /** Given the producer's settings once, before the first call. */
    default void configure(Map<String, ?> configs) {
        // Nothing to configure by default.
    }

    @Override
    default void close() {
        // Nothing to release by default.
    }
}
