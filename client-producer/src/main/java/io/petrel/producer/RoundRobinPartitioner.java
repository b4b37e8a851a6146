package io.petrel.producer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default partitioner: a keyed record goes to Kafka's murmur2 partition of its key; records without a
 * key take the topic's partitions in turn, one record each, so they spread evenly.
 */
public final class RoundRobinPartitioner implements Partitioner {
    private final ConcurrentMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    @Override
    public int partition(String topic, byte[] keyBytes, Object key, int numPartitions) {
        if (keyBytes != null) {
            return Murmur2.partition(keyBytes, numPartitions);
        }
        int next = counters.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement();
        return (next & 0x7fffffff) % numPartitions;
    }
}
