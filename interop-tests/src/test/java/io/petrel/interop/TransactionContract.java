package io.petrel.interop;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly-once as kafka-clients 4.3.1 sees it, one contract for every broker: a transactional producer and
 * read_committed consumers on committed, aborted, fenced and timed-out transactions, and a
 * consume-transform-produce loop committing its input offsets in the transaction. Subclasses name the
 * broker; broker-stub's runs the same assertions as a real Apache Kafka 4.3.1.
 */
abstract class TransactionContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough for a real Kafka broker's timed-out-transaction check (every 10 s by default) to run. */
    private static final Duration TIMEOUT_ABORT_WAIT = Duration.ofSeconds(45);

    private Admin admin;
    private String name;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** The broker's bootstrap servers. */
    protected abstract String bootstrapServers();

    /**
     * Lets a transaction whose timeout is {@code timeout} expire on the broker: a broker with an injected clock
     * moves it on; a real broker's own clock just runs (the test then waits for the abort).
     */
    protected void letTransactionsTimeOut(Duration timeout) {
    }

    @BeforeEach
    void setUp(TestInfo info) {
        admin = Interop.admin(bootstrapServers());
        name = info.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        admin.close();
    }

    @Test
    void committedTransactionsAreReadByReadCommittedConsumers() {
        String topic = topic(2);
        KafkaProducer<byte[], byte[]> producer = transactionalProducer(name, Map.of());
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 6; i++) {
            producer.send(new ProducerRecord<>(topic, i % 2, null, bytes("committed-" + i)));
        }
        producer.commitTransaction();

        assertEquals(List.of("committed-0", "committed-1", "committed-2", "committed-3", "committed-4", "committed-5"),
                sorted(readAll(topic, 2, IsolationLevel.READ_COMMITTED, 6)));
        assertEquals(6, readAll(topic, 2, IsolationLevel.READ_UNCOMMITTED, 6).size(),
                "read_uncommitted sees the same records: markers are not records");
    }

    @Test
    void abortedTransactionsAreHiddenFromReadCommittedOnly() {
        String topic = topic(1);
        KafkaProducer<byte[], byte[]> producer = transactionalProducer(name, Map.of());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, bytes("aborted-1")));
        producer.send(new ProducerRecord<>(topic, bytes("aborted-2")));
        producer.flush();
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, bytes("committed")));
        producer.commitTransaction();

        assertEquals(List.of("committed"), readAll(topic, 1, IsolationLevel.READ_COMMITTED, 1));
        assertEquals(List.of("aborted-1", "aborted-2", "committed"),
                readAll(topic, 1, IsolationLevel.READ_UNCOMMITTED, 3));
        awaitStable(topic);
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() {
        String topic = topic(1);
        KafkaProducer<byte[], byte[]> first = transactionalProducer(name, Map.of());
        first.initTransactions();
        first.beginTransaction();
        first.send(new ProducerRecord<>(topic, bytes("from-the-fenced-one")));
        first.flush();

        KafkaProducer<byte[], byte[]> second = transactionalProducer(name, Map.of());
        second.initTransactions(); // aborts the first one's open transaction
        KafkaException fenced = assertThrows(KafkaException.class, first::commitTransaction);
        assertTrue(fenced instanceof ProducerFencedException || fenced instanceof InvalidProducerEpochException,
                "the first producer is fenced, got " + fenced);

        second.beginTransaction();
        second.send(new ProducerRecord<>(topic, bytes("from-the-new-one")));
        second.commitTransaction();
        assertEquals(List.of("from-the-new-one"), readAll(topic, 1, IsolationLevel.READ_COMMITTED, 1));
    }

    @Test
    void theBrokerAbortsATransactionPastItsTimeout() {
        String topic = topic(1);
        Duration timeout = Duration.ofSeconds(2);
        KafkaProducer<byte[], byte[]> producer = transactionalProducer(name,
                Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) timeout.toMillis()));
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, bytes("never-committed")));
        producer.flush();
        TopicPartition tp = new TopicPartition(topic, 0);
        assertEquals(0L, latest(tp, IsolationLevel.READ_COMMITTED), "the open transaction holds the LSO back");

        letTransactionsTimeOut(timeout);
        // The abort marker moves the last stable offset to the log end, past the aborted record.
        Await.until(TIMEOUT_ABORT_WAIT, "the broker to abort the timed-out transaction",
                () -> latest(tp, IsolationLevel.READ_COMMITTED) >= 2
                        && latest(tp, IsolationLevel.READ_COMMITTED) == latest(tp, IsolationLevel.READ_UNCOMMITTED));
        assertThrows(KafkaException.class, producer::commitTransaction, "the aborted transaction cannot commit");
        assertEquals(List.of(), readAll(topic, 1, IsolationLevel.READ_COMMITTED, 0));
    }

    @Test
    void adminDescribesListsAndFindsTheProducersOfAnOpenTransaction() {
        String topic = topic(2);
        KafkaProducer<byte[], byte[]> producer = transactionalProducer(name, Map.of());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, 1, null, bytes("open")));
        producer.flush();

        TransactionDescription open = Interop.get(admin.describeTransactions(List.of(name)).description(name));
        assertEquals(TransactionState.ONGOING, open.state());
        assertEquals(Set.of(new TopicPartition(topic, 1)), open.topicPartitions());
        assertTrue(open.transactionStartTimeMs().isPresent(), "an open transaction has a start time");
        long producerId = open.producerId();

        Collection<TransactionListing> listed = Interop.get(admin.listTransactions(
                new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING))).all());
        assertTrue(listed.stream().anyMatch(l -> l.transactionalId().equals(name) && l.producerId() == producerId
                && l.state() == TransactionState.ONGOING), name + " is listed as ongoing: " + listed);

        TopicPartition tp = new TopicPartition(topic, 1);
        List<ProducerState> producers = Interop.get(admin.describeProducers(List.of(tp)).partitionResult(tp))
                .activeProducers();
        ProducerState state = producers.stream().filter(p -> p.producerId() == producerId).findFirst().orElseThrow();
        assertEquals(OptionalLong.of(0), state.currentTransactionStartOffset(), "its transaction starts at offset 0");
        assertEquals(0, state.lastSequence());

        producer.commitTransaction();
        Await.until(WAIT, "the transaction to be described as committed",
                () -> Interop.get(admin.describeTransactions(List.of(name)).description(name)).state()
                        == TransactionState.COMPLETE_COMMIT);
        assertTrue(Interop.get(admin.describeTransactions(List.of(name)).description(name)).topicPartitions().isEmpty());
        KafkaException unknown = assertThrows(KafkaException.class,
                () -> Interop.get(admin.describeTransactions(List.of(name + "-unknown")).description(name + "-unknown")));
        assertTrue(unknown instanceof TransactionalIdNotFoundException, "got " + unknown);
    }

    @Test
    void consumeTransformProduceCommitsOutputAndInputOffsetsTogether() {
        String input = topic(1);
        String output = name + "-out";
        Interop.createTopic(admin, output, 1);
        String group = name + "-group";
        try (KafkaProducer<byte[], byte[]> plain = new KafkaProducer<>(Interop.producerConfig(bootstrapServers()))) {
            for (int i = 0; i < 5; i++) {
                plain.send(new ProducerRecord<>(input, bytes("word-" + i)));
            }
        }
        KafkaProducer<byte[], byte[]> producer = transactionalProducer(name, Map.of());
        producer.initTransactions();
        KafkaConsumer<byte[], byte[]> consumer = consumer(group, IsolationLevel.READ_COMMITTED);
        consumer.subscribe(List.of(input));
        List<ConsumerRecord<byte[], byte[]>> batch = Interop.read(consumer, 5, WAIT);

        // First attempt aborted: neither the output nor the offsets may show.
        transform(producer, consumer, batch, output);
        producer.abortTransaction();
        assertEquals(Map.of(), committedOffsets(group));
        // Second attempt committed, from the same input.
        transform(producer, consumer, batch, output);
        producer.commitTransaction();

        Await.until(WAIT, "the group's offset to be committed with the transaction",
                () -> Long.valueOf(5).equals(committedOffsets(group).get(new TopicPartition(input, 0))));
        assertEquals(List.of("WORD-0", "WORD-1", "WORD-2", "WORD-3", "WORD-4"),
                readAll(output, 1, IsolationLevel.READ_COMMITTED, 5));
        assertEquals(10, readAll(output, 1, IsolationLevel.READ_UNCOMMITTED, 10).size(),
                "the aborted attempt's records are in the log, hidden from read_committed");
    }

    private static void transform(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
                                  List<ConsumerRecord<byte[], byte[]>> batch, String output) {
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            producer.send(new ProducerRecord<>(output, bytes(text(r.value()).toUpperCase(Locale.ROOT))));
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        producer.flush();
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
    }

    // ------------------------------------------------------------------ helpers

    private String topic(int partitions) {
        Interop.createTopic(admin, name, partitions);
        return name;
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId, Map<String, Object> extra) {
        Properties p = Interop.producerConfig(bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.putAll(extra);
        return closeLater(new KafkaProducer<>(p));
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, IsolationLevel isolation) {
        Properties p = Interop.consumerConfig(bootstrapServers(), group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        return closeLater(new KafkaConsumer<>(p));
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(0, closeable);
        return closeable;
    }

    /** Every record value of the topic visible at {@code isolation}, read up to its end for that isolation. */
    private List<String> readAll(String topic, int partitions, IsolationLevel isolation, int expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(null, isolation)) {
            List<TopicPartition> tps = Interop.partitions(topic, partitions);
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            List<String> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : Interop.read(consumer, expected, WAIT)) {
                values.add(text(r.value()));
            }
            // Then to the end the broker reports for this isolation, so records beyond the expected show too.
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            for (ConsumerRecord<byte[], byte[]> r : Interop.readToEnd(consumer, ends, WAIT)) {
                values.add(text(r.value()));
            }
            closeables.remove(consumer);
            return values;
        }
    }

    private long latest(TopicPartition tp, IsolationLevel isolation) {
        return Interop.get(admin.listOffsets(Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(isolation))
                .partitionResult(tp)).offset();
    }

    /** Waits until no transaction holds the last stable offset of partition 0 back. */
    private void awaitStable(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        Await.until(WAIT, "the last stable offset of " + tp + " to reach the log end",
                () -> latest(tp, IsolationLevel.READ_COMMITTED) == latest(tp, IsolationLevel.READ_UNCOMMITTED));
    }

    private Map<TopicPartition, Long> committedOffsets(String group) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Interop.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
                .forEach((tp, o) -> {
                    if (o != null) {
                        offsets.put(tp, o.offset());
                    }
                });
        return offsets;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
