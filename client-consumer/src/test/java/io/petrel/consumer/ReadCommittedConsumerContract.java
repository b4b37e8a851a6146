package io.petrel.consumer;

import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.serializers.StringDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What Petrel's consumer must do with transactions written by kafka-clients' transactional producer, against
 * any broker with a transaction coordinator: read_committed returns committed transactions only and stops at
 * an open one; read_uncommitted returns everything; groupMetadata() lets a transactional producer commit the
 * consumer's offsets; a consumer joining its group waits for offsets still pending in a transaction
 * (require_stable) instead of starting without them.
 */
public abstract class ReadCommittedConsumerContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SHORT_POLL = Duration.ofMillis(100);

    private KafkaTopics kafka;
    private final List<KafkaProducer<String, String>> producers = new ArrayList<>();

    /** host:port of the broker under test. */
    protected abstract String bootstrapServers();

    @BeforeEach
    void connectKafkaClients() {
        kafka = new KafkaTopics(bootstrapServers());
    }

    @AfterEach
    void closeKafkaClients() {
        producers.forEach(p -> p.close(Duration.ofSeconds(10)));
        kafka.close();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String topic(String name) {
        String topic = unique(name);
        kafka.create(topic, 1);
        return topic;
    }

    /** A kafka-clients transactional producer, initialized. */
    private KafkaProducer<String, String> transactionalKafkaProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, unique("kafka-tx"));
        KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        producers.add(producer);
        producer.initTransactions();
        return producer;
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, prefix + "-" + i));
        }
    }

    private Consumer<String, String> consumer(String isolation, Object... settings) {
        ConsumerBuilder<String, String> builder = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(bootstrapServers())
                .config(ConsumerConfig.ISOLATION_LEVEL, isolation)
                .config(ConsumerConfig.AUTO_OFFSET_RESET, "earliest");
        for (int i = 0; i < settings.length; i += 2) {
            builder.config((String) settings[i], settings[i + 1]);
        }
        return builder.build();
    }

    /** Values read until the partition is assigned and its position reaches {@code end}, or fails at the deadline. */
    private static List<String> readUpTo(Consumer<String, String> consumer, TopicPartition tp, long end) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!consumer.assignment().contains(tp) || consumer.position(tp) < end) {
            if (System.nanoTime() - deadline > 0) {
                fail("Partition " + tp + " not read up to " + end + " (assignment " + consumer.assignment() + "); read "
                        + values);
            }
            consumer.poll(SHORT_POLL).forEach(r -> values.add(r.value()));
        }
        return values;
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(prefix + "-" + i);
        }
        return values;
    }

    @Test
    void readCommittedSkipsAbortedTransactionsAndReadUncommittedDoesNot() {
        String topic = topic("rc-abort");
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaProducer<String, String> producer = transactionalKafkaProducer();
        producer.beginTransaction();
        send(producer, topic, "first", 3);
        producer.commitTransaction();
        producer.beginTransaction();
        send(producer, topic, "aborted", 4);
        producer.flush();
        producer.abortTransaction();
        producer.beginTransaction();
        send(producer, topic, "last", 2);
        producer.commitTransaction();
        // 3 + marker + 4 + marker + 2 + marker
        long end = 12;

        List<String> expected = new ArrayList<>(numbered("first", 3));
        expected.addAll(numbered("last", 2));
        try (Consumer<String, String> committed = consumer("read_committed")) {
            committed.assign(Set.of(tp));
            assertEquals(expected, readUpTo(committed, tp, end));
            assertEquals(end, committed.endOffsets(Set.of(tp)).get(tp), "the end of a log with no open transaction");
        }
        List<String> everything = new ArrayList<>(numbered("first", 3));
        everything.addAll(numbered("aborted", 4));
        everything.addAll(numbered("last", 2));
        try (Consumer<String, String> uncommitted = consumer("read_uncommitted")) {
            uncommitted.assign(Set.of(tp));
            assertEquals(everything, readUpTo(uncommitted, tp, end));
        }
    }

    @Test
    void readCommittedStopsAtAnOpenTransactionUntilItCommits() throws Exception {
        String topic = topic("rc-open");
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaProducer<String, String> producer = transactionalKafkaProducer();
        producer.beginTransaction();
        send(producer, topic, "before", 2);
        producer.commitTransaction();
        producer.beginTransaction();
        send(producer, topic, "open", 3);
        producer.flush();
        try (Consumer<String, String> committed = consumer("read_committed");
             Consumer<String, String> uncommitted = consumer("read_uncommitted")) {
            committed.assign(Set.of(tp));
            uncommitted.assign(Set.of(tp));
            assertEquals(numbered("before", 2), readUpTo(committed, tp, 3));
            assertEquals(3L, committed.endOffsets(Set.of(tp)).get(tp), "read_committed's end is the last stable offset");
            List<String> all = readUpTo(uncommitted, tp, 6);
            assertEquals(5, all.size(), "read_uncommitted reads into the open transaction: " + all);

            List<String> more = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                committed.poll(SHORT_POLL).forEach(r -> more.add(r.value()));
            }
            assertEquals(List.of(), more, "nothing of the open transaction");
            assertEquals(3, committed.position(tp));

            producer.commitTransaction();
            assertEquals(numbered("open", 3), readUpTo(committed, tp, 7));
        }
    }

    @Test
    void groupMetadataLetsATransactionCommitTheConsumersOffsets() throws Exception {
        String input = topic("rc-in");
        String output = topic("rc-out");
        String group = unique("copier");
        TopicPartition in = new TopicPartition(input, 0);
        kafka.send(input, 0, "in-", 5);
        KafkaProducer<String, String> producer = transactionalKafkaProducer();
        try (Consumer<String, String> consumer = consumer("read_committed", ConsumerConfig.GROUP_ID, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT, false)) {
            ConsumerGroupMetadata before = consumer.groupMetadata();
            assertEquals(new ConsumerGroupMetadata(group, -1, "", java.util.Optional.empty()), before);
            consumer.subscribe(List.of(input));
            List<String> read = readUpTo(consumer, in, 5);
            assertEquals(numbered("in", 5), read);

            ConsumerGroupMetadata metadata = consumer.groupMetadata();
            assertEquals(group, metadata.groupId());
            assertTrue(metadata.generationId() > 0, "in a generation after joining: " + metadata);
            assertTrue(!metadata.memberId().isEmpty(), "with the member id the coordinator gave: " + metadata);

            producer.beginTransaction();
            read.forEach(v -> producer.send(new ProducerRecord<>(output, v.toUpperCase())));
            producer.sendOffsetsToTransaction(Map.of(new org.apache.kafka.common.TopicPartition(input, 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(5)), kafkaGroupMetadata(metadata));
            producer.commitTransaction();
            assertEquals(5, consumer.committed(Set.of(in)).get(in).offset());
        }
    }

    private static org.apache.kafka.clients.consumer.ConsumerGroupMetadata kafkaGroupMetadata(ConsumerGroupMetadata m) {
        return new org.apache.kafka.clients.consumer.ConsumerGroupMetadata(m.groupId(), m.generationId(), m.memberId(),
                m.groupInstanceId());
    }

    @Test
    void aConsumerJoiningWaitsForOffsetsPendingInATransactionRatherThanStartWithoutThem() throws Exception {
        String input = topic("rc-stable");
        String group = unique("stable");
        TopicPartition in = new TopicPartition(input, 0);
        kafka.send(input, 0, "in-", 8);
        KafkaProducer<String, String> producer = transactionalKafkaProducer();
        producer.beginTransaction();
        producer.sendOffsetsToTransaction(Map.of(new org.apache.kafka.common.TopicPartition(input, 0),
                new org.apache.kafka.clients.consumer.OffsetAndMetadata(6)),
                new org.apache.kafka.clients.consumer.ConsumerGroupMetadata(group));
        try (Consumer<String, String> consumer = consumer("read_committed", ConsumerConfig.GROUP_ID, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT, false)) {
            consumer.subscribe(List.of(input));
            List<String> read = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                consumer.poll(SHORT_POLL).forEach(r -> read.add(r.value()));
            }
            assertEquals(List.of(), read, "no start from earliest while the group's offset is pending");
            producer.commitTransaction();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT.toSeconds());
            while (read.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(SHORT_POLL).forEach(r -> read.add(r.value()));
            }
            assertEquals(List.of("in-6", "in-7"), read, "started from the offset the transaction committed");
        }
    }
}
