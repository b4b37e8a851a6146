package io.petrel.consumer.internal;

import io.petrel.broker.Fault;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Petrel's consumer of many partitions against broker-stub: it fetches through one incremental fetch session, and
 * every record is read exactly once across partitions removed, added back and sought.
 */
class FetchSessionsOnBrokerStubTest {
    private static final int PARTITIONS = 200;
    private static final String TOPIC = "many";

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.numPartitions(PARTITIONS));

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    private long gauge(String name) throws Exception {
        Object value = jmx.getAttribute(new ObjectName(name + kafka.broker().metrics().jmxNameSuffix()), "Value");
        return ((Number) value).longValue();
    }

    private long sessions() throws Exception {
        return gauge("kafka.server:type=FetchSessionCache,name=NumIncrementalFetchSessions");
    }

    private long incrementalFetches() throws Exception {
        return gauge("io.petrel.broker:type=FetchSessionCache,name=IncrementalFetches");
    }

    /** Next offset to write, per partition. */
    private final long[] end = new long[PARTITIONS];

    /** Writes {@code count} records to each of {@code partitions}; value "partition-offset". */
    private void write(Producer<String, String> producer, List<Integer> partitions, int count) throws Exception {
        write(producer, TOPIC, partitions, count);
    }

    private void write(Producer<String, String> producer, String topic, List<Integer> partitions, int count)
            throws Exception {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int p : partitions) {
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(ProducerRecord.<String, String>builder(topic).partition(p)
                        .value(p + "-" + end[p]++).build()));
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    /** Polls until {@code count} records came, or 30 s; returns how often each value was read. */
    private static Map<String, Integer> read(Consumer<String, String> consumer, int count) {
        Map<String, Integer> seen = new HashMap<>();
        int n = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (n < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                assertEquals(r.partition() + "-" + r.offset(), r.value(), "a record at its own offset");
                seen.merge(r.value(), 1, Integer::sum);
                n++;
            }
        }
        return seen;
    }

    private static Map<String, Integer> once(List<Integer> partitions, long from, long to) {
        Map<String, Integer> expected = new HashMap<>();
        for (int p : partitions) {
            for (long i = from; i < to; i++) {
                expected.put(p + "-" + i, 1);
            }
        }
        return expected;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    private static List<TopicPartition> tps(List<Integer> partitions) {
        return partitions.stream().map(p -> new TopicPartition(TOPIC, p)).toList();
    }

    /**
     * A partition's position may come later than the others' (a leader still opening it answers ListOffsets with a
     * retriable error): the session's first, full fetch names only the others, and the late partition joins through
     * an incremental fetch. Its records are read all the same, once each.
     */
    @Test
    void aPartitionWhosePositionComesAfterTheFirstFetchIsReadThroughTheSession() throws Exception {
        String topic = "late";
        List<Integer> both = List.of(0, 1);
        Fault late = kafka.broker().faults().failPartition(ApiKey.LIST_OFFSETS, topic, 1,
                ErrorCode.LEADER_NOT_AVAILABLE, 3);
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(kafka.broker().bootstrapServers()).build();
             Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                     .bootstrapServers(kafka.broker().bootstrapServers()).autoOffsetReset(AutoOffsetReset.EARLIEST)
                     .build()) {
            write(producer, topic, both, 20);
            long incrementalBefore = incrementalFetches();
            consumer.assign(both.stream().map(p -> new TopicPartition(topic, p)).toList());
            assertEquals(once(both, 0, 20), read(consumer, 40));
            assertEquals(3, late.fired(), "partition 1's offset was refused three times");
            assertTrue(incrementalFetches() > incrementalBefore, "partition 1 joined the session incrementally");
        } finally {
            late.cancel();
        }
    }

    @Test
    void aConsumerOfManyPartitionsFetchesIncrementallyAndReadsEachRecordOnce() throws Exception {
        List<Integer> all = range(0, PARTITIONS);
        List<Integer> firstHalf = range(0, PARTITIONS / 2);
        List<Integer> secondHalf = range(PARTITIONS / 2, PARTITIONS);
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(kafka.broker().bootstrapServers()).build();
             Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                     .bootstrapServers(kafka.broker().bootstrapServers()).autoOffsetReset(AutoOffsetReset.EARLIEST)
                     .build()) {
            write(producer, all, 5);
            long incrementalBefore = incrementalFetches();
            consumer.assign(tps(all));
            assertEquals(once(all, 0, 5), read(consumer, PARTITIONS * 5));

            // Only two partitions get new records: the session's other partitions are not repeated.
            write(producer, List.of(3, 150), 10);
            Map<String, Integer> two = once(List.of(3), 5, 15);
            two.putAll(once(List.of(150), 5, 15));
            assertEquals(two, read(consumer, 20));
            assertTrue(incrementalFetches() > incrementalBefore, "the consumer fetched incrementally");
            assertEquals(1, sessions(), "one session for the one broker");

            // Half the partitions removed (the session forgets them), then added back where they were.
            consumer.assign(tps(firstHalf));
            long[] before = end.clone();
            write(producer, all, 2);
            Map<String, Integer> firstHalfNew = new HashMap<>();
            firstHalf.forEach(p -> firstHalfNew.putAll(once(List.of(p), before[p], end[p])));
            assertEquals(firstHalfNew, read(consumer, firstHalf.size() * 2));
            consumer.assign(tps(all));
            Map<String, Integer> secondHalfNew = new HashMap<>();
            for (int p : secondHalf) {
                consumer.seek(new TopicPartition(TOPIC, p), before[p]);
                secondHalfNew.putAll(once(List.of(p), before[p], end[p]));
            }
            assertEquals(secondHalfNew, read(consumer, secondHalf.size() * 2));

            // A seek back re-reads that partition once, and only it.
            consumer.seek(new TopicPartition(TOPIC, 7), 0);
            assertEquals(once(List.of(7), 0, end[7]), read(consumer, (int) end[7]));
            assertTrue(consumer.poll(Duration.ofMillis(300)).isEmpty(), "nothing read twice");
            assertEquals(1, sessions());
            assertTrue(incrementalFetches() > incrementalBefore + 3);
        }
        assertEquals(0, sessions(), "closing the consumer closed its fetch session");
    }
}
