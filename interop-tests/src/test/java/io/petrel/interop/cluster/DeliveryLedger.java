package io.petrel.interop.cluster;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a producer under test was told about each record it sent, and the check against the topic read back in
 * full afterwards. Each record's value names its partition and its number there (the n-th record sent to
 * partition p, counting from 0) followed by filler, so the read-back needs nothing else: an acknowledged number
 * missing is a loss, a number read twice a duplicate, a number read after a higher one of its partition a
 * reordering.
 *
 * <p>The read-back uses kafka-clients' consumer, the neutral reader for Petrel's and Kafka's producer alike.
 */
final class DeliveryLedger {
    /** Bytes of each record's value. */
    static final int VALUE_SIZE = 100;
    private static final int SAMPLES = 5;

    private final String topic;
    private final int partitions;
    private final BitSet[] acked;
    private final long[] next;
    private final long[] lastAckNanos;
    private final long[] longestWaitNanos;
    private final AtomicLong ackedCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    DeliveryLedger(String topic, int partitions) {
        this.topic = topic;
        this.partitions = partitions;
        this.acked = IntStream.range(0, partitions).mapToObj(p -> new BitSet()).toArray(BitSet[]::new);
        this.next = new long[partitions];
        this.lastAckNanos = new long[partitions];
        this.longestWaitNanos = new long[partitions];
    }

    String topic() {
        return topic;
    }

    int partitions() {
        return partitions;
    }

    /** The number of the next record for {@code partition}; one sending thread only. */
    long nextNumber(int partition) {
        return next[partition]++;
    }

    static byte[] value(int partition, long number) {
        ByteBuffer b = ByteBuffer.allocate(VALUE_SIZE);
        b.putInt(partition).putLong(number);
        while (b.hasRemaining()) {
            b.put((byte) ('a' + b.position() % 26));
        }
        return b.array();
    }

    /** Notes how the send of record {@code number} of {@code partition} ended. */
    void completed(int partition, long number, Exception failure) {
        if (failure == null) {
            long now = System.nanoTime();
            synchronized (acked[partition]) {
                acked[partition].set(Math.toIntExact(number));
                if (lastAckNanos[partition] != 0) {
                    longestWaitNanos[partition] = Math.max(longestWaitNanos[partition], now - lastAckNanos[partition]);
                }
                lastAckNanos[partition] = now;
            }
            ackedCount.incrementAndGet();
        } else {
            failedCount.incrementAndGet();
            if (failures.size() < SAMPLES) {
                failures.add(partition + "#" + number + ": " + failure);
            }
        }
    }

    /** The longest time, in milliseconds, between two acknowledgements of one partition, over all partitions. */
    long longestAckGapMillis() {
        long longest = 0;
        for (int p = 0; p < partitions; p++) {
            synchronized (acked[p]) {
                longest = Math.max(longest, longestWaitNanos[p]);
            }
        }
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(longest);
    }

    long sent() {
        long total = 0;
        for (long n : next) {
            total += n;
        }
        return total;
    }

    long acked() {
        return ackedCount.get();
    }

    long failed() {
        return failedCount.get();
    }

    /** The first few failed sends, for a failure message. */
    List<String> failureSamples() {
        return List.copyOf(failures);
    }

    /**
     * Reads every partition of the topic from the beginning to its end offset and counts what is lost, duplicated
     * and reordered against the acknowledgements.
     */
    DeliveryFigures readBack(String bootstrap, String scenario, String client, long seconds) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long read = 0;
        long duplicated = 0;
        long reordered = 0;
        long unackedPresent = 0;
        long lost = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(60));
            BitSet[] seen = IntStream.range(0, partitions).mapToObj(p -> new BitSet()).toArray(BitSet[]::new);
            long[] highest = new long[partitions];
            java.util.Arrays.fill(highest, -1);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() - deadline > 0) {
                    fail("Could not read " + topic + " back to its end offsets " + ends + " within 3 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ByteBuffer v = ByteBuffer.wrap(r.value());
                    int partition = v.getInt();
                    long number = v.getLong();
                    if (partition != r.partition()) {
                        fail("Record of partition " + partition + " #" + number + " read from partition " + r.partition());
                    }
                    read++;
                    int n = Math.toIntExact(number);
                    if (seen[partition].get(n)) {
                        duplicated++;
                    }
                    seen[partition].set(n);
                    if (number < highest[partition]) {
                        reordered++;
                    }
                    highest[partition] = Math.max(highest[partition], number);
                }
            }
            for (int p = 0; p < partitions; p++) {
                BitSet missing;
                BitSet extra;
                synchronized (acked[p]) {
                    missing = (BitSet) acked[p].clone();
                    extra = (BitSet) seen[p].clone();
                    extra.andNot(acked[p]);
                }
                missing.andNot(seen[p]);
                lost += missing.cardinality();
                unackedPresent += extra.cardinality();
            }
        }
        return new DeliveryFigures(scenario, client, sent(), acked(), failed(), read, lost, duplicated, reordered,
                unackedPresent, seconds);
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        List<TopicPartition> behind = new ArrayList<>();
        ends.forEach((tp, end) -> {
            if (consumer.position(tp) < end) {
                behind.add(tp);
            }
        });
        return behind.isEmpty();
    }
}
