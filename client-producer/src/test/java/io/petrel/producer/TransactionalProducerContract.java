package io.petrel.producer;

import io.petrel.client.ClientException;
import io.petrel.client.ConfigException;
import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.serializers.StringSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Petrel's transactional producer must do against any broker with a transaction coordinator, checked by
 * kafka-clients' own consumers (read_committed and read_uncommitted) and Admin: commit, abort, fencing by a
 * newer producer with the same transactional id, offsets committed with a transaction, the state rules. A
 * subclass says where the broker is (a real Apache Kafka in interop-tests, broker-stub once it coordinates
 * transactions).
 */
public abstract class TransactionalProducerContract {
    private static final long WAIT_S = 30;
    private static final String COMMITTED = "read_committed";
    private static final String UNCOMMITTED = "read_uncommitted";

    /** host:port of the broker under test. */
    protected abstract String bootstrapServers();

    /** The transactions version the broker finalizes, which the producer must pick: 2 (Kafka 4.x's default) or 1. */
    protected abstract int transactionVersion();

    protected KafkaReadBack kafka() {
        return new KafkaReadBack(bootstrapServers());
    }

    protected static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A transactional producer of strings; settings as key, value pairs. */
    protected Producer<String, String> transactional(String transactionalId, Object... settings) {
        ProducerBuilder<String, String> builder = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(bootstrapServers())
                .transactionalId(transactionalId);
        for (int i = 0; i < settings.length; i += 2) {
            builder.config((String) settings[i], settings[i + 1]);
        }
        return builder.build();
    }

    private List<String> values(String topic, int expected, String isolation) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka().read(topic, expected, isolation)) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        values.sort(null);
        return values;
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(prefix + "-" + i);
        }
        values.sort(null);
        return values;
    }

    private static List<CompletableFuture<RecordMetadata>> send(Producer<String, String> producer, String topic,
                                                                String prefix, int count) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(producer.send(ProducerRecord.of(topic, "k" + i, prefix + "-" + i)));
        }
        return futures;
    }

    @Test
    void aCommittedTransactionIsVisibleToReadCommittedConsumers() throws Exception {
        String topic = unique("tx-commit");
        kafka().createTopic(topic, 3);
        try (Producer<String, String> producer = transactional(unique("tx"))) {
            producer.initTransactions();
            assertEquals((double) transactionVersion(), producer.metrics().get("transaction-version"),
                    "the transactions version the cluster finalized");
            producer.beginTransaction();
            List<CompletableFuture<RecordMetadata>> futures = send(producer, topic, "committed", 30);
            producer.commitTransaction();
            for (CompletableFuture<RecordMetadata> f : futures) {
                assertTrue(f.isDone() && f.get().offset() >= 0, "commit returns once every record is acknowledged");
            }
        }
        assertEquals(numbered("committed", 30), values(topic, 30, COMMITTED));
    }

    /** A batch larger than the topic's max.message.bytes is split and sent again within the transaction. */
    @Test
    void aTransactionsBatchLargerThanTheTopicsMaxMessageBytesIsSplitAndCommitsEveryRecordInOrder() throws Exception {
        String topic = unique("tx-split");
        kafka().createTopic(topic, 1, Map.of("max.message.bytes", "2000"));
        List<String> sent = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = transactional(unique("tx"), "linger.ms", 60_000,
                "batch.size", 16_384)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 100; i++) {
                String value = String.format("%03d", i).repeat(100);
                sent.add(value);
                futures.add(producer.send(ProducerRecord.of(topic, value)));
            }
            producer.commitTransaction();
            assertTrue(producer.metrics().get("batch-split-total") >= 1);
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(i, futures.get(i).get(WAIT_S, TimeUnit.SECONDS).offset(), "record " + i);
        }
        List<String> read = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka().read(topic, 100, COMMITTED)) {
            read.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        assertEquals(sent, read);
    }

    @Test
    void anAbortedTransactionIsHiddenFromReadCommittedButNotFromReadUncommitted() throws Exception {
        String topic = unique("tx-abort");
        kafka().createTopic(topic, 2);
        try (Producer<String, String> producer = transactional(unique("tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topic, "aborted", 10);
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            send(producer, topic, "committed", 5);
            producer.commitTransaction();
        }
        assertEquals(numbered("committed", 5), values(topic, 5, COMMITTED));
        List<String> everything = new ArrayList<>(numbered("aborted", 10));
        everything.addAll(numbered("committed", 5));
        everything.sort(null);
        assertEquals(everything, values(topic, 15, UNCOMMITTED));
    }

    @Test
    void recordsStillHeldWhenTheTransactionIsAbortedFailAndAreNeverWritten() throws Exception {
        String topic = unique("tx-unsent");
        kafka().createTopic(topic, 1);
        try (Producer<String, String> producer = transactional(unique("tx"), "linger.ms", 600_000,
                "batch.size", 1_000_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            List<CompletableFuture<RecordMetadata>> held = send(producer, topic, "held", 3);
            producer.abortTransaction();
            for (CompletableFuture<RecordMetadata> f : held) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT_S, TimeUnit.SECONDS));
                assertInstanceOf(TransactionAbortedException.class, e.getCause());
            }
            producer.beginTransaction();
            send(producer, topic, "later", 2);
            producer.commitTransaction();
        }
        assertEquals(numbered("later", 2), values(topic, 2, UNCOMMITTED), "the dropped records never reached the log");
    }

    @Test
    void aNewerProducerWithTheSameTransactionalIdFencesTheOlderOne() throws Exception {
        String topic = unique("tx-fence");
        kafka().createTopic(topic, 1);
        String id = unique("tx");
        try (Producer<String, String> older = transactional(id); Producer<String, String> newer = transactional(id)) {
            older.initTransactions();
            older.beginTransaction();
            send(older, topic, "older", 3);
            older.flush();

            newer.initTransactions();
            newer.beginTransaction();
            send(newer, topic, "newer", 2);
            newer.commitTransaction();

            ProducerFencedException fenced = assertThrows(ProducerFencedException.class, older::commitTransaction);
            assertTrue(fenced.getMessage().contains(id), fenced.getMessage());
            assertThrows(ProducerFencedException.class, older::beginTransaction, "a fenced producer stays fenced");
        }
        assertEquals(numbered("newer", 2), values(topic, 2, COMMITTED));
    }

    @Test
    void offsetsSentToATransactionAreCommittedWithItAndOnlyWithIt() throws Exception {
        String input = unique("tx-in");
        String output = unique("tx-out");
        String group = unique("transform");
        kafka().createTopic(input, 1);
        kafka().createTopic(output, 1);
        TopicPartition in = new TopicPartition(input, 0);
        ConsumerGroupMetadata groupMetadata = ConsumerGroupMetadata.of(group);
        try (Producer<String, String> producer = transactional(unique("tx"))) {
            producer.initTransactions();

            producer.beginTransaction();
            send(producer, output, "aborted", 4);
            producer.sendOffsetsToTransaction(Map.of(in, OffsetAndMetadata.of(4)), groupMetadata);
            producer.abortTransaction();
            assertEquals(Map.of(), kafka().committedOffsets(group), "an aborted transaction commits no offsets");

            producer.beginTransaction();
            send(producer, output, "copied", 4);
            producer.sendOffsetsToTransaction(Map.of(in, OffsetAndMetadata.of(4, "copied")), groupMetadata);
            producer.commitTransaction();
        }
        assertEquals(Map.of(new org.apache.kafka.common.TopicPartition(input, 0), 4L), kafka().committedOffsets(group));
        assertEquals(numbered("copied", 4), values(output, 4, COMMITTED));
    }

    @Test
    void commitTransactionAsyncCompletesOnceTheTransactionIsCommitted() throws Exception {
        String topic = unique("tx-async");
        kafka().createTopic(topic, 1);
        try (Producer<String, String> producer = transactional(unique("tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topic, "async", 3);
            producer.commitTransactionAsync().get(WAIT_S, TimeUnit.SECONDS);
            producer.beginTransaction();
            producer.commitTransaction();
        }
        assertEquals(numbered("async", 3), values(topic, 3, COMMITTED));
    }

    @Test
    void closingWithATransactionOpenAbortsIt() throws Exception {
        String topic = unique("tx-close");
        kafka().createTopic(topic, 1);
        String id = unique("tx");
        try (Producer<String, String> producer = transactional(id)) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topic, "open", 3);
            producer.flush();
        }
        try (Producer<String, String> next = transactional(id, "max.block.ms", 20_000)) {
            next.initTransactions();
            next.beginTransaction();
            send(next, topic, "next", 1);
            next.commitTransaction();
        }
        assertEquals(numbered("next", 1), values(topic, 1, COMMITTED));
        assertEquals(4, values(topic, 4, UNCOMMITTED).size());
    }

    @Test
    void callsInTheWrongStateThrowIllegalStateExceptionNamingTheState() throws Exception {
        String topic = unique("tx-rules");
        kafka().createTopic(topic, 1);
        try (Producer<String, String> plain = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(bootstrapServers()).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, plain::initTransactions);
            assertTrue(e.getMessage().contains("transactional.id"), e.getMessage());
        }
        try (Producer<String, String> producer = transactional(unique("tx"))) {
            assertStateError("UNINITIALIZED", producer::beginTransaction);
            assertStateError("UNINITIALIZED", () -> producer.send(ProducerRecord.of(topic, "v")));
            producer.initTransactions();
            assertStateError("READY", () -> producer.send(ProducerRecord.of(topic, "v")));
            assertStateError("READY", producer::commitTransaction);
            assertStateError("READY", producer::abortTransaction);
            assertStateError("READY", () -> producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(topic, 0), OffsetAndMetadata.of(1)), ConsumerGroupMetadata.of("g")));
            assertStateError("READY", producer::initTransactions);
            producer.beginTransaction();
            assertStateError("IN_TRANSACTION", producer::beginTransaction);
            producer.send(ProducerRecord.of(topic, "fine"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.abortTransaction();
        }
        assertThrows(ConfigException.class, () -> transactional(unique("tx"), "enable.idempotence", false));
        assertThrows(ConfigException.class, () -> transactional(unique("tx"), "acks", "1"));
    }

    private static void assertStateError(String state, Runnable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
        assertTrue(e.getMessage().contains(state), "expected the state " + state + " named in: " + e.getMessage());
    }

    @Test
    void aFailedRecordMakesTheTransactionAbortableAndTheProducerGoesOnAfterTheAbort() throws Exception {
        String topic = unique("tx-failed");
        kafka().createTopic(topic, 1);
        try (Producer<String, String> producer = transactional(unique("tx"), "max.request.size", 1_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topic, "lost", 2);
            CompletableFuture<RecordMetadata> tooBig = producer.send(ProducerRecord.of(topic, "x".repeat(2_000)));
            ExecutionException refused = assertThrows(ExecutionException.class, () -> tooBig.get(WAIT_S, TimeUnit.SECONDS));
            assertTrue(refused.getCause().getMessage().contains("max.request.size"), refused.getCause().getMessage());

            ClientException e = assertThrows(ClientException.class, producer::commitTransaction);
            assertFalse(e instanceof ProducerFencedException);
            assertTrue(e.getMessage().contains("ABORTABLE_ERROR"), e.getMessage());
            assertThrows(ClientException.class, () -> producer.send(ProducerRecord.of(topic, "refused")),
                    "nothing but an abort goes in a failed transaction");

            producer.abortTransaction();
            producer.beginTransaction();
            send(producer, topic, "kept", 2);
            producer.commitTransaction();
        }
        assertEquals(numbered("kept", 2), values(topic, 2, COMMITTED));
    }
}
