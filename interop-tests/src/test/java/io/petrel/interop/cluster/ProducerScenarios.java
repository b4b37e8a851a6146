package io.petrel.interop.cluster;

import io.petrel.testsupport.RealKafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The producer scenarios on a {@link RealKafkaCluster}, the same steps whichever {@link ClientKind} runs them: an
 * idempotent producer ({@code acks=all}) writes numbered records to a fresh 3-partition topic while nodes are
 * killed or restarted, then the topic is read back in full and checked against every acknowledgement.
 */
final class ProducerScenarios {
    /** Records per second the writer aims at: enough to keep every partition busy, little enough to share 2 cores. */
    static final int RATE = 4_000;
    static final int PARTITIONS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(ProducerScenarios.class);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final Duration PROGRESS = Duration.ofSeconds(180);

    private ProducerScenarios() {
    }

    /**
     * Kills the leader of partition 0, 1, 2, 0, ... in turn ({@code kills} times): SIGKILL, the writer goes on
     * until the new leader has taken {@code ackedBetween} more records, the node restarts, every replica is back
     * in sync and {@code ackedBetween} more are taken.
     */
    static DeliveryFigures leaderKills(RealKafkaCluster cluster, ClusterView view, ClientKind client, int kills,
                                       long ackedBetween) {
        String topic = "leader-kill-" + client.label() + "-" + TOPICS.incrementAndGet();
        view.createTopic(topic, PARTITIONS);
        DeliveryLedger ledger = new DeliveryLedger(topic, PARTITIONS);
        long t0 = System.nanoTime();
        try (LoadWriter writer = new LoadWriter(client.producer(cluster.bootstrapServers(), Map.of()), ledger, RATE)) {
            writer.awaitAcked(ackedBetween, PROGRESS);
            for (int k = 0; k < kills; k++) {
                int partition = k % PARTITIONS;
                int leader = view.leader(topic, partition);
                cluster.kill(leader);
                int successor = view.awaitLeaderOtherThan(topic, partition, leader);
                LOG.info("{}: killed node {}, leader of {}-{}; {} leads it now", client, leader, topic, partition,
                        successor);
                writer.awaitAcked(ackedBetween, PROGRESS);
                cluster.restart(leader);
                view.awaitInSync(topic);
                writer.awaitAcked(ackedBetween, PROGRESS);
            }
            writer.stop();
        }
        return finish(cluster, ledger, "leader SIGKILL x" + kills, client, t0);
    }

    /** SIGTERMs each node in turn and restarts it, waiting for full in-sync replicas before the next. */
    static DeliveryFigures rollingRestart(RealKafkaCluster cluster, ClusterView view, ClientKind client,
                                          long ackedBetween) {
        String topic = "rolling-" + client.label() + "-" + TOPICS.incrementAndGet();
        view.createTopic(topic, PARTITIONS);
        DeliveryLedger ledger = new DeliveryLedger(topic, PARTITIONS);
        long t0 = System.nanoTime();
        try (LoadWriter writer = new LoadWriter(client.producer(cluster.bootstrapServers(), Map.of()), ledger, RATE)) {
            writer.awaitAcked(ackedBetween, PROGRESS);
            for (int node : cluster.nodeIds()) {
                cluster.stop(node);
                writer.awaitAcked(ackedBetween, PROGRESS);
                cluster.restart(node);
                view.awaitInSync(topic);
                writer.awaitAcked(ackedBetween, PROGRESS);
            }
            writer.stop();
        }
        return finish(cluster, ledger, "rolling restart (SIGTERM)", client, t0);
    }

    /** Reads the topic back, records the figures, and fails on a loss, a duplicate, a reordering or a failed send. */
    static DeliveryFigures finish(RealKafkaCluster cluster, DeliveryLedger ledger, String scenario, ClientKind client,
                                  long t0) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        DeliveryFigures figures = ledger.readBack(cluster.bootstrapServers(), scenario, client.label(), seconds);
        record(figures);
        assertEquals(0, figures.failed(), () -> "sends failed: " + figures + ", first: " + ledger.failureSamples());
        assertTrue(figures.clean(), () -> "acknowledged records lost, duplicated or reordered: " + figures);
        assertEquals(figures.sent(), figures.acked(), () -> "every send acknowledged: " + figures);
        return figures;
    }

    /** Logs the figures and appends them to target/chaos-figures.md, the table the README quotes. */
    static void record(DeliveryFigures figures) {
        LOG.info("FIGURES {}", figures);
        try {
            Files.writeString(Path.of("target", "chaos-figures.md"), figures.row() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append the figures to target/chaos-figures.md", e);
        }
    }
}
