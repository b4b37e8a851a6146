package io.petrel.interop;

import io.petrel.testsupport.Await;
import io.petrel.testsupport.ChildJvm;
import io.petrel.testsupport.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * broker-stub as its own process ({@code petrel broker}), killed with SIGKILL {@value #KILLS} times while
 * kafka-clients' transactional producer commits transaction after transaction (every other one aborted), each
 * time started again on the same data directory: a read_committed reader finds every transaction whose commit
 * returned, each whole, no record of an aborted one, and any transaction cut by a kill either whole or not at all.
 */
class TransactionCrashTest {
    private static final String TOPIC = "txn-crash";
    private static final int PARTITIONS = 2;
    private static final int RECORDS_PER_TXN = 6;
    private static final String TXN_ID = "crash-writer";
    private static final int KILLS = 3;
    private static final int MAX_TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    private final List<ChildJvm> brokers = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        brokers.forEach(ChildJvm::kill);
    }

    @Test
    void committedTransactionsSurviveSigkillWholeAndAbortedOnesStayHidden() throws Exception {
        Path dataDir = Files.createDirectory(dir.resolve("data"));
        Path config = dir.resolve("server.properties");
        Files.writeString(config, "log.segment.bytes=65536\ntransaction.max.timeout.ms=" + MAX_TIMEOUT_MS + "\n");
        int port = FreePorts.one();
        String bootstrap = "127.0.0.1:" + port;
        ChildJvm broker = startBroker(port, dataDir, config, dir.resolve("broker-0.log"));
        Admin admin = Interop.admin(bootstrap);
        clients.add(admin);
        Interop.createTopic(admin, TOPIC, PARTITIONS);

        Set<Integer> committed = new TreeSet<>();
        Set<Integer> aborted = new TreeSet<>();
        Set<Integer> cut = new TreeSet<>();
        Path recoveryLog = null;
        for (int crash = 1; crash <= KILLS; crash++) {
            // Each round a new producer with the same id: it fences the last one and ends what its kill left open.
            Writer writer = new Writer(bootstrap, crash * 1_000);
            Thread thread = new Thread(writer, "transactional-writer-" + crash);
            thread.start();
            Await.until(Duration.ofSeconds(60), () -> "20 committed transactions, have " + writer.committed.size()
                    + " (failure: " + writer.failures.peek() + ")", () -> writer.committed.size() >= 20
                    || !writer.failures.isEmpty());
            assertTrue(writer.failures.isEmpty(), () -> "the writer failed before the kill: " + writer.failures.peek());
            assertEquals(137, broker.kill(), "exit status of a process killed by SIGKILL");
            writer.stop();
            thread.join(Duration.ofSeconds(30).toMillis());
            committed.addAll(writer.committed);
            aborted.addAll(writer.aborted);
            cut.add(writer.begun.get());
            recoveryLog = dir.resolve("broker-" + crash + ".log");
            broker = startBroker(port, dataDir, config, recoveryLog);
        }
        try (KafkaProducer<byte[], byte[]> last = producer(bootstrap)) {
            last.initTransactions();
        }
        Path lastLog = recoveryLog;
        Properties tooLong = Interop.producerConfig(bootstrap);
        tooLong.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TXN_ID + "-too-long");
        tooLong.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, MAX_TIMEOUT_MS + 1);
        try (KafkaProducer<byte[], byte[]> refused = new KafkaProducer<>(tooLong)) {
            // kafka-clients reports INVALID_TRANSACTION_TIMEOUT from InitProducerId as an unexpected error, as with Kafka
            KafkaException e = assertThrows(KafkaException.class, refused::initTransactions);
            assertTrue(e.getMessage().contains("transaction.max.timeout.ms"),
                    "transaction.max.timeout.ms from the broker's server.properties is enforced: " + e);
        }

        Map<Integer, Integer> recordsByTxn = readCommitted(bootstrap);
        for (int txn : committed) {
            assertEquals(RECORDS_PER_TXN, recordsByTxn.getOrDefault(txn, 0),
                    () -> "committed transaction " + txn + " is whole after the crashes\n" + log(lastLog));
        }
        for (int txn : aborted) {
            assertEquals(0, recordsByTxn.getOrDefault(txn, 0), "aborted transaction " + txn + " stays hidden");
        }
        recordsByTxn.forEach((txn, count) -> {
            assertEquals(RECORDS_PER_TXN, count, "transaction " + txn + " is all or nothing");
            assertTrue(committed.contains(txn) || cut.contains(txn),
                    "only committed transactions, or ones cut by a kill, are visible: " + txn);
        });
    }

    private Map<Integer, Integer> readCommitted(String bootstrap) {
        Properties p = Interop.consumerConfig(bootstrap, null);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<Integer, Integer> byTxn = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = Interop.partitions(TOPIC, PARTITIONS);
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            for (ConsumerRecord<byte[], byte[]> r : Interop.readToEnd(consumer, ends, Duration.ofSeconds(60))) {
                String value = new String(r.value(), StandardCharsets.UTF_8);
                int txn = Integer.parseInt(value.substring(0, value.indexOf('-')));
                byTxn.merge(txn, 1, Integer::sum);
            }
        }
        return byTxn;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = Interop.producerConfig(bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TXN_ID);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, MAX_TIMEOUT_MS);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(p);
    }

    /** Transactions of {@value #RECORDS_PER_TXN} records over both partitions; odd ones aborted. */
    private static final class Writer implements Runnable {
        private final KafkaProducer<byte[], byte[]> producer;
        final Set<Integer> committed = ConcurrentHashMap.newKeySet();
        final Set<Integer> aborted = ConcurrentHashMap.newKeySet();
        final AtomicInteger begun = new AtomicInteger(-1);
        final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stopped = new AtomicBoolean();

        private final int firstTxn;

        Writer(String bootstrap, int firstTxn) {
            this.firstTxn = firstTxn;
            this.producer = producer(bootstrap);
            producer.initTransactions();
        }

        @Override
        public void run() {
            try {
                for (int txn = firstTxn; !stopped.get(); txn++) {
                    begun.set(txn);
                    producer.beginTransaction();
                    for (int i = 0; i < RECORDS_PER_TXN; i++) {
                        producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null,
                                (txn + "-" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                    if (txn % 2 == 1) {
                        producer.flush();
                        producer.abortTransaction();
                        aborted.add(txn);
                    } else {
                        producer.commitTransaction();
                        committed.add(txn);
                    }
                }
            } catch (Exception e) {
                if (!stopped.get()) {
                    failures.add(e);
                }
            }
        }

        /** Ends the writer: its producer is closed at once, failing whatever call is blocked. */
        void stop() {
            stopped.set(true);
            producer.close(Duration.ZERO);
        }
    }

    private ChildJvm startBroker(int port, Path dataDir, Path config, Path log) {
        ChildJvm broker = BrokerProcess.start(dir, port, dataDir, config, log);
        brokers.add(broker);
        return broker;
    }

    private static String log(Path log) {
        return BrokerProcess.log(log);
    }
}
