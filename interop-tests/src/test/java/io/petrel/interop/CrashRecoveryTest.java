package io.petrel.interop;

import io.petrel.testsupport.Await;
import io.petrel.testsupport.ChildJvm;
import io.petrel.testsupport.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker as its own process ({@code petrel broker}, fsync on every append), killed with SIGKILL while an
 * idempotent acks=all producer is writing, then started again on the same data directory and port: every
 * record the producer had acknowledged is there exactly once, the producer's retries of what was in flight
 * are not duplicated, and the whole log reads to its end.
 */
class CrashRecoveryTest {
    private static final int PARTITIONS = 3;
    private static final String TOPIC = "crash";

    @TempDir
    Path dir;

    /** Each launch of the broker; a ChildJvm ends with this JVM should the test not get to its end. */
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
    void everyAcknowledgedRecordSurvivesSigkillExactlyOnce() throws Exception {
        Path dataDir = Files.createDirectory(dir.resolve("data"));
        Path config = dir.resolve("server.properties");
        Files.writeString(config, """
                # fsync before acknowledging each append
                log.flush.interval.messages=1
                # small segments, so recovery has many to check (a Kafka broker would want at least 1 MiB)
                log.segment.bytes=262144
                """);
        int port = FreePorts.one();
        String bootstrap = "127.0.0.1:" + port;

        ChildJvm broker = startBroker(port, dataDir, config, dir.resolve("broker-0.log"));
        Admin admin = Interop.admin(bootstrap);
        clients.add(admin);
        Interop.createTopic(admin, TOPIC, PARTITIONS);

        TestRecords records = new TestRecords(TOPIC, "crash", System.currentTimeMillis());
        AckingWriter writer = new AckingWriter(bootstrap, records);
        clients.add(0, writer);

        // Twice: kill the broker mid-write, start it again; the same producer carries on throughout,
        // retrying what was in flight at the kill.
        Path lastLog = null;
        for (int crash = 1; crash <= 2; crash++) {
            int target = writer.acked.size() + 3_000;
            Await.until(Duration.ofSeconds(60), () -> target + " acknowledged records, have " + writer.acked.size()
                            + " (failures: " + writer.failures.peek() + ")",
                    () -> writer.acked.size() >= target || !writer.failures.isEmpty());
            assertEquals(137, broker.kill(), "exit status of a process killed by SIGKILL");
            int ackedAtKill = writer.acked.size();
            int sentAtKill = writer.sent.get();
            assertTrue(writer.running(), "the producer was still writing when the broker died");
            assertTrue(sentAtKill > ackedAtKill, () -> "records in flight at the kill: sent " + sentAtKill
                    + ", acked " + ackedAtKill);
            lastLog = dir.resolve("broker-" + crash + ".log");
            broker = startBroker(port, dataDir, config, lastLog);
        }
        int target = writer.acked.size() + 1_000;
        Await.until(Duration.ofSeconds(60), () -> target + " acknowledged records, have " + writer.acked.size()
                        + " (failures: " + writer.failures.peek() + ")",
                () -> writer.acked.size() >= target || !writer.failures.isEmpty());
        int sent = writer.stop();
        Path recoveryLog = lastLog;
        assertTrue(writer.failures.isEmpty(), () -> writer.failures.size() + " of " + sent
                + " sends failed; the first: " + writer.failures.peek() + "\n" + log(recoveryLog));

        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, Interop.partitions(TOPIC, PARTITIONS));
        List<ConsumerRecord<byte[], byte[]>> read;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Interop.consumerConfig(bootstrap, null))) {
            consumer.assign(Interop.partitions(TOPIC, PARTITIONS));
            consumer.seekToBeginning(Interop.partitions(TOPIC, PARTITIONS));
            read = Interop.readToEnd(consumer, ends, Duration.ofSeconds(60));
        }
        // Byte-equal, offsets contiguous from 0, order kept per partition, nothing twice.
        Map<Integer, Integer> seen = records.assertReadInOrder(read, Map.of());
        assertEquals(Interop.sum(ends), read.size(), "records read from the beginning to the end offsets");

        Set<Integer> missing = new TreeSet<>(writer.acked);
        missing.removeAll(seen.keySet());
        assertTrue(missing.isEmpty(), () -> missing.size() + " acknowledged records are missing after the crash, "
                + "the first: " + missing.stream().limit(20).toList() + "\n" + log(recoveryLog));
        assertEquals(sent, writer.acked.size(), "every record sent was acknowledged in the end");
        assertEquals(sent, read.size(), "records in the log");

        assertEquals(143, broker.stop(Duration.ofSeconds(30)), "the broker stops on SIGTERM, not SIGKILL");
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
