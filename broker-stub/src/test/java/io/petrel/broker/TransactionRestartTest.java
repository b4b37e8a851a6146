package io.petrel.broker;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * broker-stub stopped and started again on its data directory in the middle of a transaction, with
 * kafka-clients on both sides: what was committed is still read, what was aborted stays hidden, and the
 * transaction left open holds read_committed readers back until a new producer or its timeout aborts it.
 */
class TransactionRestartTest {
    private static final String TOPIC = "restarted";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final String TXN = "restart-txn";
    private static final Duration TXN_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final AtomicLong skewNanos = new AtomicLong();
    private Broker broker;

    private Broker start() {
        broker = Broker.start(BrokerConfig.builder().dataDir(dataDir)
                .nanoTime(() -> System.nanoTime() + skewNanos.get()).build());
        return broker;
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Commits "committed", aborts "aborted", and leaves "open" in a transaction still open. */
    private void writeAndLeaveATransactionOpen() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        KafkaProducer<String, String> producer = producer();
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "committed"));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "aborted"));
        producer.flush();
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "open"));
        producer.flush();
        producer.close(Duration.ZERO); // gone without ending its transaction, as a crashed producer
    }

    @Test
    void aTransactionLeftOpenAcrossARestartIsAbortedByTheNextProducer() throws Exception {
        start();
        writeAndLeaveATransactionOpen();
        broker.close();

        start();
        assertEquals(List.of("committed"), read(IsolationLevel.READ_COMMITTED));
        assertEquals(List.of("committed", "aborted", "open"), read(IsolationLevel.READ_UNCOMMITTED));
        long openOffset = 4; // committed, its marker, aborted, its marker
        assertEquals(openOffset, latest(IsolationLevel.READ_COMMITTED), "the open transaction holds the LSO");

        try (KafkaProducer<String, String> next = producer()) {
            next.initTransactions(); // fences the old producer and aborts its transaction
            next.beginTransaction();
            next.send(new ProducerRecord<>(TOPIC, "after-restart"));
            next.commitTransaction();
        }
        assertEquals(List.of("committed", "after-restart"), read(IsolationLevel.READ_COMMITTED));
        assertEquals(latest(IsolationLevel.READ_UNCOMMITTED), latest(IsolationLevel.READ_COMMITTED));
    }

    @Test
    void aTransactionLeftOpenAcrossARestartTimesOut() throws Exception {
        start();
        writeAndLeaveATransactionOpen();
        broker.close();

        start();
        assertEquals(4, latest(IsolationLevel.READ_COMMITTED));
        skewNanos.addAndGet(TXN_TIMEOUT.plusSeconds(1).toNanos());
        Await.until(Duration.ofSeconds(10), "the broker to abort the transaction past its timeout",
                () -> latest(IsolationLevel.READ_COMMITTED) == latest(IsolationLevel.READ_UNCOMMITTED));
        assertEquals(List.of("committed"), read(IsolationLevel.READ_COMMITTED));
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TXN);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TXN_TIMEOUT.toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private List<String> read(IsolationLevel isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(TP));
            consumer.seekToBeginning(List.of(TP));
            long end = consumer.endOffsets(List.of(TP)).get(TP);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.position(TP) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
            }
            assertEquals(end, consumer.position(TP), "read to the end offset of " + isolation);
            return values;
        }
    }

    private long latest(IsolationLevel isolation) {
        try (Admin admin = admin()) {
            return admin.listOffsets(Map.of(TP, OffsetSpec.latest()), new ListOffsetsOptions(isolation)).partitionResult(TP)
                    .get().offset();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("ListOffsets failed", e);
        }
    }
}
