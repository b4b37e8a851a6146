package io.petrel.consumer;

import io.petrel.client.TopicPartition;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The records one {@link Consumer#poll} returned, grouped by partition, each partition's in offset order.
 * Immutable.
 */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
    private static final ConsumerRecords<?, ?> EMPTY = new ConsumerRecords<>(Map.of());

    private final Map<TopicPartition, List<ConsumerRecord<K, V>>> records;
    private final int count;

    /**
     * @param records per partition, in offset order; the map's iteration order is kept. Neither the map nor
     *                the lists are copied: do not change them afterwards.
     */
    public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> records) {
        this.records = Collections.unmodifiableMap(Objects.requireNonNull(records, "records"));
        int n = 0;
        for (List<ConsumerRecord<K, V>> list : records.values()) {
            n += list.size();
        }
        this.count = n;
    }

    /** No records. */
    @SuppressWarnings("unchecked")
    public static <K, V> ConsumerRecords<K, V> empty() {
        return (ConsumerRecords<K, V>) EMPTY;
    }

    /** How many records there are in all. */
    public int count() {
        return count;
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** The partitions that have records here. */
    public Set<TopicPartition> partitions() {
        return records.keySet();
    }

    /** One partition's records in offset order; empty if it has none here. */
    public List<ConsumerRecord<K, V>> records(TopicPartition partition) {
        List<ConsumerRecord<K, V>> list = records.get(partition);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    /** One topic's records, partition by partition. */
    public Iterable<ConsumerRecord<K, V>> records(String topic) {
        Objects.requireNonNull(topic, "topic");
        Map<TopicPartition, List<ConsumerRecord<K, V>>> ofTopic = new LinkedHashMap<>();
        records.forEach((tp, list) -> {
            if (tp.topic().equals(topic)) {
                ofTopic.put(tp, list);
            }
        });
        return () -> new FlatIterator<>(ofTopic.values().iterator());
    }

    /** Every record, partition by partition. */
    @Override
    public Iterator<ConsumerRecord<K, V>> iterator() {
        return new FlatIterator<>(records.values().iterator());
    }

    @Override
    public String toString() {
        return "ConsumerRecords(count=" + count + ", partitions=" + records.keySet() + ")";
    }

    private static final class FlatIterator<K, V> implements Iterator<ConsumerRecord<K, V>> {
        private final Iterator<List<ConsumerRecord<K, V>>> lists;
        private List<ConsumerRecord<K, V>> current = List.of();
        private int index;

        FlatIterator(Iterator<List<ConsumerRecord<K, V>>> lists) {
            this.lists = lists;
        }

        @Override
        public boolean hasNext() {
            while (index >= current.size()) {
                if (!lists.hasNext()) {
                    return false;
                }
                current = lists.next();
                index = 0;
            }
            return true;
        }

        @Override
        public ConsumerRecord<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.get(index++);
        }
    }
}
