package io.petrel.interop;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.LogConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker closed and started again on the same data directory: what clients wrote and committed before
 * is there after, under the same topic ids. The second broker binds the first one's port, so clients
 * that stay open across the restart reconnect by themselves, as they would to a restarted Kafka broker.
 *
 * <p>Each test restarts a broker, so each starts its own; there is no broker shared by the class.
 */
class BrokerRestartTest {
    private static final int PARTITIONS = 3;

    @TempDir
    Path dataDir;

    /** Clients (added at the front) and brokers (at the back), closed in this order after each test. */
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void recordsCommittedOffsetsAndTopicIdsSurviveARestart() {
        Broker first = start(0);
        int port = first.port();
        String clusterId = first.clusterId();
        String topic = "restart-orders";
        String group = "restart-group";
        int total = 3_000;
        TestRecords records = new TestRecords(topic, "restart", System.currentTimeMillis());

        Map<TopicPartition, Long> endsBefore;
        Map<TopicPartition, OffsetAndMetadata> committedBefore;
        Uuid topicId;
        try (Admin admin = Interop.admin(first.bootstrapServers())) {
            Interop.createTopic(admin, topic, PARTITIONS);
            topicId = describe(admin, topic).topicId();
            produce(first.bootstrapServers(), records, 0, total);
            endsBefore = Interop.endOffsets(admin, Interop.partitions(topic, PARTITIONS));
            assertEquals(total, Interop.sum(endsBefore));

            // Consume about a third, commit what was consumed, leave.
            Properties config = Interop.consumerConfig(first.bootstrapServers(), group);
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                consumer.subscribe(List.of(topic));
                List<ConsumerRecord<byte[], byte[]>> part = Interop.read(consumer, total / 3, Duration.ofSeconds(30));
                records.assertReadInOrder(part, Map.of());
                consumer.commitSync();
                committedBefore = consumer.committed(Set.copyOf(Interop.partitions(topic, PARTITIONS)));
            }
        }
        long committedCount = committedBefore.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        assertTrue(committedCount >= total / 3 && committedCount < total, () -> "committed " + committedBefore);
        first.close();
        open.remove(first);

        Broker second = start(port);
        assertEquals(clusterId, second.clusterId(), "cluster id after the restart");
        try (Admin admin = Interop.admin(second.bootstrapServers())) {
            TopicDescription description = describe(admin, topic);
            assertEquals(topicId, description.topicId(), "topic id after the restart");
            assertEquals(PARTITIONS, description.partitions().size());
            assertEquals(endsBefore, Interop.endOffsets(admin, Interop.partitions(topic, PARTITIONS)),
                    "end offsets after the restart");
            Map<TopicPartition, OffsetAndMetadata> committedAfter =
                    Interop.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            assertEquals(offsets(committedBefore), offsets(committedAfter), "committed offsets after the restart");

            // The group resumes exactly at its commit.
            try (KafkaConsumer<byte[], byte[]> consumer =
                         new KafkaConsumer<>(Interop.consumerConfig(second.bootstrapServers(), group))) {
                consumer.subscribe(List.of(topic));
                List<ConsumerRecord<byte[], byte[]>> rest = Interop.readToEnd(consumer, endsBefore, Duration.ofSeconds(30));
                records.assertReadInOrder(rest, offsets(committedBefore));
                assertEquals(total - committedCount, rest.size(), "records after the committed offsets");
            }
            // Everything is there from the beginning, byte for byte.
            try (KafkaConsumer<byte[], byte[]> consumer =
                         new KafkaConsumer<>(Interop.consumerConfig(second.bootstrapServers(), "restart-fresh"))) {
                consumer.subscribe(List.of(topic));
                List<ConsumerRecord<byte[], byte[]>> all = Interop.readToEnd(consumer, endsBefore, Duration.ofSeconds(30));
                assertEquals(total, records.assertReadInOrder(all, Map.of()).size());
            }
            // New records go after the old ones.
            List<RecordMetadata> appended = produce(second.bootstrapServers(), records, total, total + 30);
            for (RecordMetadata m : appended) {
                TopicPartition tp = new TopicPartition(m.topic(), m.partition());
                assertTrue(m.offset() >= endsBefore.get(tp), () -> "new record at " + tp + "@" + m.offset()
                        + " though the log ended at " + endsBefore.get(tp));
            }
        }
    }

    @Test
    void anIdempotentProducerThatStaysOpenCarriesOnAfterARestart() throws Exception {
        Broker first = start(0);
        int port = first.port();
        String topic = "restart-open-producer";
        TestRecords records = new TestRecords(topic, "open-producer", System.currentTimeMillis());
        Admin admin = Interop.admin(first.bootstrapServers());
        open.add(0, admin);
        Interop.createTopic(admin, topic, PARTITIONS);

        Properties config = Interop.producerConfig(first.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        open.add(0, producer);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int seq = 0; seq < 500; seq++) {
            sent.add(producer.send(records.record(seq)));
        }
        producer.flush();

        first.close();
        open.remove(first);
        start(port);

        // The same producer, its producer id and sequence numbers carried across the restart.
        for (int seq = 500; seq < 1_000; seq++) {
            sent.add(producer.send(records.record(seq)));
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, Interop.partitions(topic, PARTITIONS));
        assertEquals(1_000, Interop.sum(ends), () -> "records in the topic: " + ends);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(Interop.consumerConfig(first.bootstrapServers(), "open-producer"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> all = Interop.readToEnd(consumer, ends, Duration.ofSeconds(30));
            assertEquals(1_000, records.assertReadInOrder(all, Map.of()).size());
        }
    }

    /**
     * Kafka keeps a classic group's membership (generation, members, assignment) in __consumer_offsets and
     * loads it again on restart: a member that stays open is still a member of the same generation, and its
     * commit right after the restart is accepted. (Checked against Apache Kafka 4.3.1.)
     */
    @Test
    void aGroupMemberThatStaysOpenIsStillAMemberAfterARestart() {
        Broker first = start(0);
        int port = first.port();
        String topic = "restart-open-consumer";
        String group = "open-consumer";
        TestRecords records = new TestRecords(topic, "open-consumer", System.currentTimeMillis());
        Admin admin = Interop.admin(first.bootstrapServers());
        open.add(0, admin);
        Interop.createTopic(admin, topic, PARTITIONS);
        produce(first.bootstrapServers(), records, 0, 500);
        Map<TopicPartition, Long> endsBefore = Interop.endOffsets(admin, Interop.partitions(topic, PARTITIONS));

        Properties config = Interop.consumerConfig(first.bootstrapServers(), group);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        open.add(0, consumer);
        consumer.subscribe(List.of(topic));
        List<ConsumerRecord<byte[], byte[]>> before = Interop.readToEnd(consumer, endsBefore, Duration.ofSeconds(30));
        consumer.commitSync();
        String memberId = consumer.groupMetadata().memberId();
        int generation = consumer.groupMetadata().generationId();

        first.close();
        open.remove(first);
        start(port);

        ConsumerGroupDescription described =
                Interop.get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
        assertEquals(List.of(memberId), described.members().stream().map(MemberDescription::consumerId).toList(),
                () -> "members right after the restart: " + described);
        consumer.commitSync(); // the same member and generation
        assertEquals(memberId, consumer.groupMetadata().memberId());
        assertEquals(generation, consumer.groupMetadata().generationId());

        produce(first.bootstrapServers(), records, 500, 1_000);
        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, Interop.partitions(topic, PARTITIONS));
        List<ConsumerRecord<byte[], byte[]>> after = Interop.readToEnd(consumer, ends, Duration.ofSeconds(60));
        records.assertReadInOrder(after, endsBefore);
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(before);
        all.addAll(after);
        assertEquals(1_000, records.assertReadInOrder(all, Map.of()).size(), "records read across the restart");
        consumer.commitSync();
        Map<TopicPartition, OffsetAndMetadata> committed =
                Interop.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        assertEquals(ends, offsets(committed), "the group's commit after the restart");
    }

    @Test
    void topicChangesSurviveARestart() throws Exception {
        Broker first = start(0);
        try (Admin admin = Interop.admin(first.bootstrapServers())) {
            Interop.get(admin.createTopics(List.of(new NewTopic("restart-configured", 2, (short) 1)
                    .configs(Map.of("retention.ms", "7200000", "cleanup.policy", "delete")))).all());
            Interop.get(admin.createPartitions(Map.of("restart-configured", NewPartitions.increaseTo(4))).all());
            Interop.createTopic(admin, "restart-deleted", 1);
            Interop.get(admin.deleteTopics(List.of("restart-deleted")).all());
        }
        first.close();
        open.remove(first);

        Broker second = start(0);
        try (Admin admin = Interop.admin(second.bootstrapServers())) {
            Set<String> names = Interop.get(admin.listTopics().names());
            assertTrue(names.contains("restart-configured"), () -> "topics after the restart: " + names);
            assertFalse(names.contains("restart-deleted"), () -> "a deleted topic came back: " + names);
            assertEquals(4, describe(admin, "restart-configured").partitions().size(), "partitions after the restart");
            Config config = Interop.get(admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, "restart-configured"))).all()).values().iterator().next();
            assertEquals("7200000", config.get("retention.ms").value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, config.get("retention.ms").source());
        }
    }

    /** Starts a broker on the data directory, on {@code port} (0 for any). */
    private Broker start(int port) {
        Broker broker;
        try {
            // Small segments (Kafka's topic config would want 1 MiB at least): the log spans many of them.
            broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).port(port)
                    .logDefaults(LogConfig.defaults().with(Map.of("segment.bytes", "16384"))).build());
        } catch (UncheckedIOException e) {
            throw new AssertionError("Could not start a broker on port " + port + " and " + dataDir
                    + " (for a restart, the port the previous broker used)", e);
        }
        open.add(broker);
        return broker;
    }

    private static List<RecordMetadata> produce(String bootstrap, TestRecords records, int from, int to) {
        Properties config = Interop.producerConfig(bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int seq = from; seq < to; seq++) {
                futures.add(producer.send(records.record(seq)));
            }
            producer.flush();
        }
        List<RecordMetadata> acknowledged = new ArrayList<>();
        for (Future<RecordMetadata> f : futures) {
            try {
                acknowledged.add(f.get());
            } catch (Exception e) {
                throw new AssertionError("A send failed", e);
            }
        }
        return acknowledged;
    }

    private static TopicDescription describe(Admin admin, String topic) {
        return Interop.get(admin.describeTopics(TopicCollection.ofTopicNames(List.of(topic))).topicNameValues().get(topic));
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((tp, om) -> offsets.put(tp, om == null ? null : om.offset()));
        return offsets;
    }
}
