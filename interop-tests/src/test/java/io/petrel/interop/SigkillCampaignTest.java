package io.petrel.interop;

import io.petrel.testsupport.Await;
import io.petrel.testsupport.ChildJvm;
import io.petrel.testsupport.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIGKILL campaign of issue #16: broker-stub as its own process ({@code petrel broker}), killed
 * {@code crash.kills} times (5 by default; 100 with {@code -Pcampaigns}) while three idempotent acks=all producers
 * write to topics of their own, started again on the same data directory each time. After every restart the whole
 * log reads from offset 0 to its end (offsets contiguous, order per partition kept, nothing twice, every record
 * byte-equal to what was sent) and holds every record acknowledged before the kill; at the end every record sent
 * was acknowledged.
 *
 * <p>Run under both flush policies: fsync before each acknowledgement ({@code log.flush.interval.messages=1}), and
 * Kafka's default, the OS page cache (no fsync): a process crash leaves the page cache to the OS, so nothing
 * acknowledged may be lost there either. (What the page cache policy loses on a machine crash cannot be shown
 * without crashing the machine; the README says what bounds it.)
 */
class SigkillCampaignTest {
    private static final int WRITERS = 3;
    private static final int PARTITIONS = 3;
    private static final int ACKS_PER_ROUND = 300;
    /**
     * What each producer may send a round: {@link #ACKS_PER_ROUND} are acknowledged before the kill, the rest are in
     * flight or waiting then. So the log grows by hundreds of records a round whatever the machine's speed, and
     * reading it whole after each of 100 restarts stays cheap (with no allowance, producers wrote on while the log
     * was checked, the log grew by the time the check took, and a kill took 25 s by the 23rd).
     */
    private static final int SENDS_PER_ROUND = 2 * ACKS_PER_ROUND;
    /** Bounds what is in flight at a kill. */
    private static final int MAX_UNACKNOWLEDGED = 100;
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(90);

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

    @ParameterizedTest(name = "flush policy {0}")
    @ValueSource(strings = {"fsync-before-ack", "os-page-cache"})
    void everyAcknowledgedRecordSurvivesEveryKill(String policy) throws Exception {
        int kills = Integer.getInteger("crash.kills", 5);
        System.out.println("SIGKILL campaign (" + policy + "): " + kills + " kills");
        Path dataDir = Files.createDirectory(dir.resolve("data"));
        Path config = dir.resolve("server.properties");
        Files.writeString(config, (policy.equals("fsync-before-ack") ? "log.flush.interval.messages=1\n" : "")
                + "log.segment.bytes=262144\n");
        int port = FreePorts.one();
        String bootstrap = "127.0.0.1:" + port;
        ChildJvm broker = start(port, dataDir, config, 0);
        Admin admin = Interop.admin(bootstrap);
        clients.add(admin);
        List<TestRecords> records = new ArrayList<>();
        List<AckingWriter> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String topic = "campaign-" + w;
            Interop.createTopic(admin, topic, PARTITIONS);
            TestRecords r = new TestRecords(topic, "w" + w, System.currentTimeMillis());
            records.add(r);
            AckingWriter writer = new AckingWriter(bootstrap, r, MAX_UNACKNOWLEDGED, 0);
            writers.add(writer);
            clients.add(0, writer);
        }

        long started = System.nanoTime();
        long inFlightAtKills = 0;
        long restartNanos = 0;
        long maxRestartNanos = 0;
        long checkNanos = 0;
        int allowed = 0;
        for (int kill = 1; kill <= kills; kill++) {
            long cycleStart = System.nanoTime();
            allowed += SENDS_PER_ROUND;
            awaitAcks(writers, allowed - (SENDS_PER_ROUND - ACKS_PER_ROUND));
            List<Set<Integer>> ackedBeforeKill = new ArrayList<>();
            for (AckingWriter w : writers) {
                ackedBeforeKill.add(new HashSet<>(w.acked));
            }
            assertEquals(137, broker.kill(), "exit status of a process killed by SIGKILL");
            long inFlight = 0;
            for (AckingWriter w : writers) {
                // Sent and not acknowledged when the broker died (what it acknowledged meanwhile was written before).
                inFlight += w.sent.get() - w.acked.size();
            }
            inFlightAtKills += inFlight;
            long restarting = System.nanoTime();
            broker = start(port, dataDir, config, kill);
            long restart = System.nanoTime() - restarting;
            restartNanos += restart;
            maxRestartNanos = Math.max(maxRestartNanos, restart);
            long checking = System.nanoTime();
            int round = kill;
            long logRecords = 0;
            for (int w = 0; w < WRITERS; w++) {
                Map<Integer, Integer> seen = readWholeLog(bootstrap, admin, "campaign-" + w, records.get(w));
                logRecords += seen.size();
                Set<Integer> missing = new TreeSet<>(ackedBeforeKill.get(w));
                missing.removeAll(seen.keySet());
                String topic = "campaign-" + w;
                assertTrue(missing.isEmpty(), () -> "after kill " + round + " (" + policy + "), " + missing.size()
                        + " records of " + topic + " acknowledged before it are missing, the first: "
                        + missing.stream().limit(20).toList());
            }
            long check = System.nanoTime() - checking;
            checkNanos += check;
            // One line a kill, so a campaign stopped for time still tells how far it got.
            System.out.printf("SIGKILL campaign (%s): kill %d: %d in flight, restart to serving %d ms, whole log"
                            + " (%d records) checked in %d ms, cycle %d ms%n", policy, kill, inFlight,
                    restart / 1_000_000, logRecords, check / 1_000_000, (System.nanoTime() - cycleStart) / 1_000_000);
        }
        allowed += SENDS_PER_ROUND;
        awaitAcks(writers, allowed - (SENDS_PER_ROUND - ACKS_PER_ROUND));
        long acked = 0;
        for (int w = 0; w < WRITERS; w++) {
            AckingWriter writer = writers.get(w);
            int sent = writer.stop();
            assertTrue(writer.failures.isEmpty(), () -> writer.failures.size() + " sends failed, the first: "
                    + writer.failures.peek());
            assertEquals(sent, writer.acked.size(), "every record sent was acknowledged in the end");
            Map<Integer, Integer> seen = readWholeLog(bootstrap, admin, "campaign-" + w, records.get(w));
            assertEquals(sent, seen.size(), "records in the log of campaign-" + w);
            acked += sent;
        }
        int n = Math.max(1, kills);
        System.out.printf("SIGKILL campaign (%s): %d kills, %d records acknowledged by %d producers, %d in flight at"
                        + " the kills, 0 acknowledged lost, 0 duplicated, restart to serving %d ms on average (at most"
                        + " %d ms), whole-log check %d ms on average, %d ms a kill cycle, %d s in all%n", policy, kills,
                acked, WRITERS, inFlightAtKills, restartNanos / 1_000_000 / n, maxRestartNanos / 1_000_000,
                checkNanos / 1_000_000 / n, (System.nanoTime() - started) / 1_000_000 / n,
                (System.nanoTime() - started) / 1_000_000_000);
        assertEquals(143, broker.stop(Duration.ofSeconds(30)), "the broker stops on SIGTERM");
    }

    /** Lets each writer send {@link #SENDS_PER_ROUND} more and waits until each has {@code target} acknowledged. */
    private static void awaitAcks(List<AckingWriter> writers, int target) {
        writers.forEach(w -> w.allow(SENDS_PER_ROUND));
        for (AckingWriter w : writers) {
            Await.until(ROUND_LIMIT, () -> target + " acknowledged records, have " + w.acked.size() + " of "
                    + w.sent.get() + " sent (failures: " + w.failures.peek() + ")",
                    () -> w.acked.size() >= target || !w.failures.isEmpty());
            assertTrue(w.failures.isEmpty(), () -> "a send failed: " + w.failures.peek());
        }
    }

    /** Reads the topic from offset 0 to its end offsets, checking it whole; how often each sequence number was read. */
    private static Map<Integer, Integer> readWholeLog(String bootstrap, Admin admin, String topic,
                                                     TestRecords records) {
        List<TopicPartition> partitions = Interop.partitions(topic, PARTITIONS);
        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, partitions);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Interop.consumerConfig(bootstrap, null))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> read = Interop.readToEnd(consumer, ends, ROUND_LIMIT);
            List<ConsumerRecord<byte[], byte[]>> upToEnds = read.stream()
                    .filter(r -> r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))).toList();
            return records.assertReadInOrder(upToEnds, Map.of());
        }
    }

    private ChildJvm start(int port, Path dataDir, Path config, int launch) {
        ChildJvm broker = BrokerProcess.start(dir, port, dataDir, config, dir.resolve("broker-" + launch + ".log"));
        brokers.add(broker);
        return broker;
    }
}
