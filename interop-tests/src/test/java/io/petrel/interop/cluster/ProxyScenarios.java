package io.petrel.interop.cluster;

import io.petrel.testsupport.FaultProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network scenarios: the clients under test reach the cluster only through {@link FaultProxy}s
 * ({@link ProxiedCluster}), which break the network while an idempotent producer ({@code acks=all}) writes.
 */
final class ProxyScenarios {
    /** The producers' request timeout here: a blackholed request must be given up after this, not after 30 s. */
    static final int REQUEST_TIMEOUT_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(ProxyScenarios.class);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final Duration PROGRESS = Duration.ofSeconds(180);
    private static final int PARTITIONS = ProducerScenarios.PARTITIONS;

    private ProxyScenarios() {
    }

    /**
     * The leader of partition 0 stops answering its clients (its proxy blackholes: connections stay open, nothing
     * comes back) and, as a host cut off from the network would be, drops out of the cluster (SIGKILL), which elects
     * another leader. The producer must give up its requests after request.timeout.ms, find the new leader and go
     * on: no send fails, nothing is lost, duplicated or reordered, and no partition waits much longer than the
     * request timeout plus the cluster's failover.
     */
    static DeliveryFigures blackholedLeader(ProxiedCluster net, ClusterView view, ClientKind client, long ackedBetween) {
        String topic = "blackhole-" + client.label() + "-" + TOPICS.incrementAndGet();
        view.createTopic(topic, PARTITIONS);
        DeliveryLedger ledger = new DeliveryLedger(topic, PARTITIONS);
        long t0 = System.nanoTime();
        try (LoadWriter writer = new LoadWriter(client.producer(net.clientBootstrap(),
                Map.of("request.timeout.ms", Integer.toString(REQUEST_TIMEOUT_MS))), ledger, ProducerScenarios.RATE)) {
            writer.awaitAcked(ackedBetween, PROGRESS);
            int leader = view.leader(topic, 0);
            net.proxy(leader).blackhole();
            net.cluster().kill(leader);
            int successor = view.awaitLeaderOtherThan(topic, 0, leader);
            LOG.info("{}: blackholed and killed node {}; {} leads {}-0 now", client, leader, successor, topic);
            writer.awaitAcked(ackedBetween, PROGRESS);
            net.proxy(leader).heal();
            net.cluster().restart(leader);
            view.awaitInSync(topic);
            writer.awaitAcked(ackedBetween, PROGRESS);
            writer.stop();
        }
        DeliveryFigures figures = ProducerScenarios.finish(net.cluster(), ledger, "blackholed leader", client, t0);
        long gap = ledger.longestAckGapMillis();
        LOG.info("FIGURES {} blackholed leader: longest wait between two acknowledgements of a partition {} ms",
                client, gap);
        assertTrue(gap < 30_000, () -> "a partition went " + gap + " ms without an acknowledgement, with "
                + REQUEST_TIMEOUT_MS + " ms request timeouts");
        return figures;
    }

    /**
     * Every proxy, in turn, lets a Produce request reach the broker, which appends it, and resets the connection in
     * place of the answer ({@code rounds} times each): the producer must retry, and the broker's idempotence must
     * drop the copy, so nothing is duplicated, lost or reordered and no send fails.
     */
    static DeliveryFigures resetsMidProduce(ProxiedCluster net, ClusterView view, ClientKind client, int rounds,
                                            long ackedBetween) {
        String topic = "reset-" + client.label() + "-" + TOPICS.incrementAndGet();
        view.createTopic(topic, PARTITIONS);
        DeliveryLedger ledger = new DeliveryLedger(topic, PARTITIONS);
        int before = injected(net);
        long t0 = System.nanoTime();
        try (LoadWriter writer = new LoadWriter(client.producer(net.clientBootstrap(), Map.of()), ledger,
                ProducerScenarios.RATE)) {
            writer.awaitAcked(ackedBetween, PROGRESS);
            for (int r = 0; r < rounds; r++) {
                for (FaultProxy proxy : net.proxies()) {
                    proxy.resetOnResponse(0, 1);
                    writer.awaitAcked(ackedBetween, PROGRESS);
                }
            }
            writer.stop();
        }
        int resets = injected(net) - before;
        DeliveryFigures figures = ProducerScenarios.finish(net.cluster(), ledger, "reset in place of Produce responses",
                client, t0);
        LOG.info("FIGURES {} resets mid-Produce: {} connections reset in place of a Produce response", client, resets);
        assertTrue(resets >= rounds, () -> "only " + resets + " resets happened");
        return figures;
    }

    /**
     * Every link to the cluster slowed to {@code bytesPerSecond} each way while the writer sends as fast as the
     * producer takes records: the producer must push back (send blocks once buffer.memory is full) rather than
     * fail or hold more, so at most about buffer.memory's worth of records is ever unanswered.
     */
    static DeliveryFigures slowLinks(ProxiedCluster net, ClusterView view, ClientKind client, long bytesPerSecond,
                                     long acked) {
        String topic = "slow-" + client.label() + "-" + TOPICS.incrementAndGet();
        view.createTopic(topic, PARTITIONS);
        DeliveryLedger ledger = new DeliveryLedger(topic, PARTITIONS);
        int bufferMemory = 1 << 20;
        long t0 = System.nanoTime();
        long peak;
        net.proxies().forEach(p -> p.bandwidth(bytesPerSecond));
        try (LoadWriter writer = new LoadWriter(client.producer(net.clientBootstrap(),
                Map.of("buffer.memory", Integer.toString(bufferMemory), "max.block.ms", "60000")), ledger,
                1_000_000, Integer.MAX_VALUE)) {
            writer.awaitAcked(acked, PROGRESS);
            writer.stop();
            peak = writer.peakOutstanding();
        } finally {
            net.healAll();
        }
        DeliveryFigures figures = ProducerScenarios.finish(net.cluster(), ledger, "links slowed to "
                + bytesPerSecond / 1024 + " KiB/s", client, t0);
        long bound = 2L * bufferMemory / DeliveryLedger.VALUE_SIZE;
        LOG.info("FIGURES {} slow links: at most {} sends unanswered at once (buffer.memory {} B; bound {}); "
                + "{} records/s", client, peak, bufferMemory, bound, figures.acked() / Math.max(1, figures.seconds()));
        assertTrue(peak <= bound, () -> peak + " sends were unanswered at once with a " + bufferMemory
                + " B buffer: the producer did not push back");
        assertTrue(peak > 1_000, () -> "only " + peak + " sends unanswered at once: the links were not the bottleneck");
        return figures;
    }

    private static int injected(ProxiedCluster net) {
        int total = 0;
        for (FaultProxy p : net.proxies()) {
            total += p.resetsInjected();
        }
        return total;
    }
}
