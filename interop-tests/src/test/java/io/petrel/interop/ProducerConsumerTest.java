package io.petrel.interop;

import io.petrel.broker.Fault;
import io.petrel.broker.FaultInjector;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real KafkaProducers and KafkaConsumers through broker-stub, across every acks setting and every
 * compression codec: what is acknowledged is read back once, in order per partition, byte for byte; a
 * group's committed offsets are where the next member of the group starts. Then what else a client sees
 * of a Kafka 4.x broker: seeks, offsets by time, fetch limits, long polls, timestamp and size limits, and
 * an idempotent producer's retries through lost responses and errors (injected with the broker's faults).
 */
class ProducerConsumerTest {
    private static final int PARTITIONS = 3;
    /** One cell carries the volume; the others check each acks x codec path with fewer records. */
    private static final int BIG = 100_000;
    private static final int SMALL = 10_000;
    private static final int MORE = 250;

    @RegisterExtension
    static final PetrelBrokerExtension kafka = new PetrelBrokerExtension();

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Interop.admin(kafka.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        admin.close(Duration.ofSeconds(5));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        for (String acks : List.of("all", "1", "0")) {
            for (String compression : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
                int count = acks.equals("all") && compression.equals("lz4") ? BIG : SMALL;
                cells.add(Arguments.of(acks, compression, count));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "acks={0} compression={1} records={2}")
    @MethodSource("matrix")
    void everyRecordComesBackOnceInOrderAndAGroupResumesAtItsCommit(String acks, String compression, int count) {
        String topic = "pc-" + compression + "-acks-" + acks;
        Interop.createTopic(admin, topic, PARTITIONS);
        List<TopicPartition> partitions = Interop.partitions(topic, PARTITIONS);
        TestRecords records = new TestRecords(topic, topic, System.currentTimeMillis());

        send(records, acks, compression, 0, count);
        Map<TopicPartition, Long> ends = awaitEndOffsets(partitions, count);

        String group = "group-" + topic;
        Properties consumerConfig = Interop.consumerConfig(kafka.broker().bootstrapServers(), group);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> read = Interop.readToEnd(consumer, ends, Duration.ofSeconds(60));
            Map<Integer, Integer> seen = records.assertReadInOrder(read, Map.of());
            assertEquals(count, read.size(), "records read");
            assertEquals(count, seen.size(), "distinct records read");

            consumer.commitSync();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition tp : partitions) {
                assertEquals(ends.get(tp), committed.get(tp).offset(), () -> "committed offset of " + tp);
            }
        }

        // A second member of the group, after the first left, starts where the group committed.
        send(records, acks, compression, count, count + MORE);
        Map<TopicPartition, Long> newEnds = awaitEndOffsets(partitions, count + MORE);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> read = Interop.readToEnd(consumer, newEnds, Duration.ofSeconds(30));
            records.assertReadInOrder(read, ends);
            Set<Integer> seqs = new TreeSet<>();
            read.forEach(r -> seqs.add(TestRecords.seqOf(r)));
            Set<Integer> expected = new TreeSet<>();
            IntStream.range(count, count + MORE).forEach(expected::add);
            assertEquals(expected, seqs, "the resumed member reads exactly the records after the commit");
        }
    }

    @Test
    void anIdempotentProducerWritesEachRecordOnceThroughLostResponsesAndErrors() {
        String topic = "pc-faults";
        Interop.createTopic(admin, topic, PARTITIONS);
        List<TopicPartition> partitions = Interop.partitions(topic, PARTITIONS);
        TestRecords records = new TestRecords(topic, topic, System.currentTimeMillis());
        FaultInjector faults = kafka.broker().faults();
        // Appended, but the answer comes after the client gave up: its retry must not append again.
        Fault late = faults.delayResponses(ApiKey.PRODUCE, Duration.ofMillis(2_500), 2);
        Fault notLeader = faults.failPartition(ApiKey.PRODUCE, topic, 1, ErrorCode.NOT_LEADER_OR_FOLLOWER, 3);
        Fault dropped = faults.dropConnection(ApiKey.PRODUCE, 2);

        Properties config = Interop.producerConfig(kafka.broker().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        int count = 5_000;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int seq = 0; seq < count; seq++) {
                producer.send(records.record(seq), (m, e) -> {
                    if (e != null) {
                        failures.add(e);
                    }
                });
            }
            producer.flush();
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " sends failed, the first: " + failures.peek());
        assertTrue(late.fired() > 0 && notLeader.fired() > 0 && dropped.fired() > 0, () -> "faults fired: late "
                + late.fired() + ", not leader " + notLeader.fired() + ", dropped " + dropped.fired());
        faults.clear();

        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, partitions);
        assertEquals(count, Interop.sum(ends), () -> "records in the topic: " + ends);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(Interop.consumerConfig(kafka.broker().bootstrapServers(), null))) {
            consumer.assign(partitions);
            List<ConsumerRecord<byte[], byte[]>> read = Interop.readToEnd(consumer, ends, Duration.ofSeconds(30));
            assertEquals(count, records.assertReadInOrder(read, Map.of()).size());
        }
    }

    @Test
    void aConsumerSeekingIntoACompressedBatchStartsAtTheOffsetItAskedFor() {
        String topic = "pc-seek-into-batch";
        Interop.createTopic(admin, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        TestRecords records = new TestRecords(topic, topic, System.currentTimeMillis());
        send(records, "all", "lz4", 0, 2_000, tp.partition());

        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(Interop.consumerConfig(kafka.broker().bootstrapServers(), null))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 1_337);
            List<ConsumerRecord<byte[], byte[]>> read =
                    Interop.readToEnd(consumer, Map.of(tp, 2_000L), Duration.ofSeconds(30));
            assertEquals(1_337, read.get(0).offset(), "first offset read after the seek");
            records.assertReadInOrder(read, Map.of(tp, 1_337L));
            assertEquals(2_000 - 1_337, read.size());
            assertEquals(1_337, TestRecords.seqOf(read.get(0)));

            assertEquals(Map.of(tp, 0L), consumer.beginningOffsets(List.of(tp)));
            assertEquals(Map.of(tp, 2_000L), consumer.endOffsets(List.of(tp)));
            consumer.seekToBeginning(List.of(tp));
            assertEquals(0, consumer.position(tp));
            consumer.seekToEnd(List.of(tp));
            assertEquals(2_000, consumer.position(tp));
        }
    }

    @Test
    void aFetchLimitSmallerThanABatchStillReturnsThatBatch() {
        // As in Kafka (KIP-74), the first batch comes back whole even when larger than the fetch limits.
        String topic = "pc-small-fetch-limit";
        Interop.createTopic(admin, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        TestRecords records = new TestRecords(topic, topic, System.currentTimeMillis());
        send(records, "1", "none", 0, 2_000, tp.partition()); // batches up to 64 KiB
        Properties config = Interop.consumerConfig(kafka.broker().bootstrapServers(), null);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1024");
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1024");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> read = Interop.readToEnd(consumer, Map.of(tp, 2_000L),
                    Duration.ofSeconds(30));
            assertEquals(2_000, records.assertReadInOrder(read, Map.of()).size());
        }
    }

    @Test
    void offsetsForTimesFindsTheFirstRecordAtOrAfterATimestamp() {
        String topic = "pc-offsets-for-times";
        Interop.createTopic(admin, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        long base = System.currentTimeMillis() - 60_000;
        TestRecords records = new TestRecords(topic, topic, base); // record seq has timestamp base + seq
        send(records, "all", "zstd", 0, 3_000, tp.partition());

        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(Interop.consumerConfig(kafka.broker().bootstrapServers(), null))) {
            for (long seq : List.of(0L, 1L, 1_234L, 2_999L)) {
                OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(tp, base + seq)).get(tp);
                assertNotNull(found, "an offset for timestamp base+" + seq);
                assertEquals(seq, found.offset(), "offset for timestamp base+" + seq);
                assertEquals(base + seq, found.timestamp(), "timestamp found for base+" + seq);
            }
            assertEquals(0, consumer.offsetsForTimes(Map.of(tp, base - 1_000)).get(tp).offset(),
                    "a timestamp before every record finds the first");
            assertNull(consumer.offsetsForTimes(Map.of(tp, base + 3_000)).get(tp),
                    "no record is at or after a timestamp past the last");
        }
        ListOffsetsResultInfo max = Interop.get(admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).partitionResult(tp));
        assertEquals(2_999, max.offset(), "offset of the largest timestamp");
        assertEquals(base + 2_999, max.timestamp(), "largest timestamp");
    }

    @Test
    void aLogAppendTimeTopicStampsRecordsWithTheBrokersTime() throws Exception {
        String topic = "pc-log-append-time";
        Interop.get(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all());
        long before = System.currentTimeMillis();
        RecordMetadata metadata;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(Interop.producerConfig(kafka.broker().bootstrapServers()))) {
            metadata = producer.send(new ProducerRecord<>(topic, 0, 42L, null, "old".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        long after = System.currentTimeMillis();
        assertTrue(metadata.timestamp() >= before && metadata.timestamp() <= after,
                () -> "the producer is told the log append time, got " + metadata.timestamp());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(Interop.consumerConfig(kafka.broker().bootstrapServers(), null))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            ConsumerRecord<byte[], byte[]> r = Interop.read(consumer, 1, Duration.ofSeconds(30)).get(0);
            assertEquals(TimestampType.LOG_APPEND_TIME, r.timestampType());
            assertEquals(metadata.timestamp(), r.timestamp());
        }
    }

    @Test
    void aRecordLargerThanTheTopicAllowsIsRefusedAndOneJustUnderTheDefaultLimitGoesThrough() throws Exception {
        String small = "pc-max-message-bytes";
        Interop.get(admin.createTopics(List.of(new NewTopic(small, 1, (short) 1)
                .configs(Map.of("max.message.bytes", "10000")))).all());
        String big = "pc-big-records";
        Interop.createTopic(admin, big, 1);
        byte[] twentyKb = new byte[20_000];
        byte[] almostOneMb = new byte[1_000_000];
        new SplittableRandom(7).nextBytes(almostOneMb); // incompressible, not that it is compressed here
        Properties config = Interop.producerConfig(kafka.broker().bootstrapServers());
        config.put(ProducerConfig.RETRIES_CONFIG, "0");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(small, twentyKb)).get());
            assertInstanceOf(RecordTooLargeException.class, e.getCause());
            assertEquals(0L, producer.send(new ProducerRecord<>(small, new byte[100])).get().offset(),
                    "the refused record took no offset");
            producer.send(new ProducerRecord<>(big, almostOneMb)).get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(Interop.consumerConfig(kafka.broker().bootstrapServers(), null))) {
            TopicPartition tp = new TopicPartition(big, 0);
            consumer.assign(List.of(tp));
            ConsumerRecord<byte[], byte[]> r = Interop.read(consumer, 1, Duration.ofSeconds(30)).get(0);
            assertArrayEquals(almostOneMb, r.value());
        }
    }

    @Test
    void aWaitingFetchReturnsAsSoonAsARecordArrives() throws Exception {
        String topic = "pc-long-poll";
        Interop.createTopic(admin, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        Properties config = Interop.consumerConfig(kafka.broker().bootstrapServers(), null);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10000");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(Interop.producerConfig(kafka.broker().bootstrapServers()))) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            assertTrue(consumer.poll(Duration.ofMillis(500)).isEmpty()); // a fetch is now parked at the broker
            long sent = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, "now".getBytes(StandardCharsets.UTF_8))).get();
            List<ConsumerRecord<byte[], byte[]>> read = Interop.read(consumer, 1, Duration.ofSeconds(30));
            long latencyMs = (System.nanoTime() - sent) / 1_000_000;
            assertEquals("now", new String(read.get(0).value(), StandardCharsets.UTF_8));
            assertTrue(latencyMs < 5_000, () -> "the record arrived " + latencyMs
                    + " ms after it was sent: the parked fetch waited out fetch.max.wait.ms instead of waking");
        } finally {
            // Its next fetch is parked now, and a connection is served in order, so a full close would wait
            // out fetch.max.wait.ms to send the fetch session's closing request (a Kafka broker does the same).
            consumer.close(CloseOptions.timeout(Duration.ofMillis(200)));
        }
    }

    @Test
    void aRecordTimestampedMoreThanAnHourAheadIsRefused() throws Exception {
        // Kafka 4.x: message.timestamp.after.max.ms defaults to 1 hour (and the broker describes it so).
        String topic = "pc-future-timestamp";
        Interop.createTopic(admin, topic, 1);
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(Interop.producerConfig(kafka.broker().bootstrapServers()))) {
            producer.send(new ProducerRecord<>(topic, 0, now + 1_800_000, null, new byte[1])).get();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(topic, 0, now + 7_200_000, null, new byte[1])).get(),
                    "a record timestamped 2 h ahead is refused");
            assertInstanceOf(InvalidTimestampException.class, e.getCause());
        }
        assertEquals(1, Interop.sum(Interop.endOffsets(admin, Interop.partitions(topic, 1))), "records appended");
    }

    @Test
    void acksAllIsMetWhenMinInsyncReplicasExceedsTheReplicationFactor() throws Exception {
        // Kafka 4.x caps the min ISR a write needs at the replication factor (Partition.effectiveMinIsr), so a
        // single-node Kafka 4.3.1 broker accepts acks=all here.
        String topic = "pc-min-insync-2";
        Interop.get(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("min.insync.replicas", "2")))).all());
        Properties config = Interop.producerConfig(kafka.broker().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, "acks=all".getBytes(StandardCharsets.UTF_8)))
                    .get();
            assertEquals(0, m.offset());
        }
    }

    @Test
    void aCompactedTopicRefusesARecordWithoutAKey() throws Exception {
        String topic = "pc-compacted";
        Interop.get(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")))).all());
        Properties config = Interop.producerConfig(kafka.broker().bootstrapServers());
        config.put(ProducerConfig.RETRIES_CONFIG, "0");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), new byte[1])).get();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(topic, null, new byte[1])).get(),
                    "a record without a key is refused by a compacted topic");
            assertInstanceOf(InvalidRecordException.class, e.getCause());
        }
    }

    /** Sends records {@code from} until {@code to}; for acks 1 and all, checks every one was acknowledged. */
    private static void send(TestRecords records, String acks, String compression, int from, int to) {
        send(records, acks, compression, from, to, -1);
    }

    /** As above, all to {@code partition} unless it is -1. */
    private static void send(TestRecords records, String acks, String compression, int from, int to, int partition) {
        Properties config = Interop.producerConfig(kafka.broker().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, acks);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(acks.equals("all")));
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        AtomicInteger acknowledged = new AtomicInteger();
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int seq = from; seq < to; seq++) {
                ProducerRecord<byte[], byte[]> r = records.record(seq);
                if (partition >= 0) {
                    r = new ProducerRecord<>(r.topic(), partition, r.timestamp(), r.key(), r.value(), r.headers());
                }
                producer.send(r, (metadata, e) -> {
                    if (e != null) {
                        failures.add(e);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " sends failed, the first: " + failures.peek());
        assertEquals(to - from, acknowledged.get(), "sends completed");
    }

    /**
     * Waits until the topic holds {@code total} records. With acks=0 the producer cannot know when the
     * broker has appended its records; with acks 1 and all they are there already.
     */
    private static Map<TopicPartition, Long> awaitEndOffsets(List<TopicPartition> partitions, long total) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        Await.until(Duration.ofSeconds(30), () -> total + " records in the topic, have " + Interop.sum(ends), () -> {
            ends.clear();
            ends.putAll(Interop.endOffsets(admin, partitions));
            return Interop.sum(ends) >= total;
        });
        assertEquals(total, Interop.sum(ends), () -> "records in the topic: " + ends);
        return ends;
    }
}
