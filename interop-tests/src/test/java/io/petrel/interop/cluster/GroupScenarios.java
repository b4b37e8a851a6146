package io.petrel.interop.cluster;

import io.petrel.consumer.SequencedRecords;
import io.petrel.interop.GroupMember;
import io.petrel.interop.GroupReadLog;
import io.petrel.interop.KafkaThreadMember;
import io.petrel.interop.PetrelThreadMember;
import io.petrel.interop.SequencedWriter;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer-group scenario: two members of one group (Petrel's, or kafka-clients' as the control; speaking the
 * classic group protocol or the consumer group protocol of KIP-848) read
 * a topic that kafka-clients' idempotent producer keeps writing, committing synchronously in onPartitionsRevoked
 * (and on leaving), while the node coordinating the group is SIGKILLed and restarted; a third member joins just
 * before each kill and leaves after it, so the group rebalances, and commits, across the failover. Every record must be
 * processed at least once, and the committed offsets, watched from outside, never go back nor vanish.
 */
final class GroupScenarios {
    static final int PARTITIONS = 6;
    private static final Logger LOG = LoggerFactory.getLogger(GroupScenarios.class);
    private static final AtomicInteger GROUPS = new AtomicInteger();
    private static final Duration PROGRESS = Duration.ofSeconds(180);
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private GroupScenarios() {
    }

    static GroupFigures coordinatorKills(RealKafkaCluster cluster, ClusterView view, ClientKind client,
                                         GroupProtocol protocol, int kills, int readsBetween) {
        int n = GROUPS.incrementAndGet();
        String topic = "group-" + client.label() + "-" + protocol.label() + "-" + n;
        String group = "chaos-group-" + client.label() + "-" + protocol.label() + "-" + n;
        view.createTopic(topic, PARTITIONS);
        GroupReadLog log = new GroupReadLog();
        String bootstrap = cluster.bootstrapServers();
        long t0 = System.nanoTime();
        List<GroupMember> members = new ArrayList<>();
        long[] ends;
        List<String> regressions;
        long observations;
        long redelivered;
        try (SequencedWriter writer = new SequencedWriter(bootstrap, new SequencedRecords(System.currentTimeMillis()),
                topic, PARTITIONS)) {
            for (int m = 1; m <= 2; m++) {
                members.add(member(client, protocol, "m" + m, bootstrap, topic, group, log));
            }
            CommitWatch watch = null;
            try {
                awaitReads(log, readsBetween, members);
                watch = new CommitWatch(view, group);
                for (int k = 0; k < kills; k++) {
                    // A third member joins, so the group rebalances (each member commits in onPartitionsRevoked)
                    // while its coordinator dies; it leaves again, another rebalance, under the new coordinator.
                    int coordinator = view.coordinator(group);
                    GroupMember extra = member(client, protocol, "x" + k, bootstrap, topic, group, log);
                    members.add(extra);
                    cluster.kill(coordinator);
                    LOG.info("{} ({} protocol): {} joined; killed node {}, coordinator of {}", client, protocol,
                            extra.name(), coordinator, group);
                    awaitReads(log, readsBetween, members);
                    extra.leave();
                    awaitReads(log, readsBetween, members);
                    cluster.restart(coordinator);
                    view.awaitInSync(topic, "__consumer_offsets");
                    awaitReads(log, readsBetween, members);
                }
                ends = writer.stop();
                Await.until(PROGRESS, () -> "the group to read every record written (" + log.size() + " reads)",
                        () -> log.coversAll(ends) || members.stream().anyMatch(x -> x.failure() != null));
                members.forEach(GroupMember::close);
                for (GroupMember m : members) {
                    assertNull(m.failure(), () -> m.name() + " failed: " + m.failure());
                }
            } finally {
                members.forEach(GroupMember::close);
                if (watch != null) {
                    watch.close();
                    regressions = watch.regressions();
                    observations = watch.observations();
                } else {
                    regressions = List.of();
                    observations = 0;
                }
            }
            redelivered = log.assertReadAtLeastOnce(ends);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        long written = 0;
        for (long e : ends) {
            written += e;
        }
        String scenario = "coordinator SIGKILL x" + kills + ", " + protocol.label() + " protocol";
        GroupFigures figures = new GroupFigures(scenario, client.label(), written, log.size(),
                redelivered, 0, regressions.size(), observations, seconds);
        record(figures);
        assertTrue(regressions.isEmpty(), () -> "committed offsets went back or vanished: " + regressions);
        long[] finalEnds = ends;
        assertEquals(asList(finalEnds), asList(committed(view, group, PARTITIONS)),
                "the group's committed offsets after both members left are the log ends");
        return figures;
    }

    /**
     * A member committing in onPartitionsRevoked. Under the consumer protocol the broker sets the session timeout and
     * heartbeat interval (the cluster's defaults), and revokes only the partitions that move.
     */
    private static GroupMember member(ClientKind client, GroupProtocol protocol, String name, String bootstrap,
                                      String topic, String group, GroupReadLog log) {
        boolean consumerProtocol = protocol == GroupProtocol.CONSUMER;
        if (client == ClientKind.KAFKA) {
            return consumerProtocol
                    ? KafkaThreadMember.consumerProtocol(name, bootstrap, topic, group, null, null, log)
                    : new KafkaThreadMember(name, bootstrap, topic, group, null, SESSION_TIMEOUT_MS, log);
        }
        // Ownership is not what this scenario checks: the member reports reads only.
        PetrelThreadMember.Events events = PetrelThreadMember.Events.into(log);
        return consumerProtocol
                ? PetrelThreadMember.consumerProtocol(name, bootstrap, topic, group, true, events)
                : new PetrelThreadMember(name, bootstrap, topic, group, null, SESSION_TIMEOUT_MS, events);
    }

    private static void awaitReads(GroupReadLog log, int more, List<GroupMember> members) {
        int target = log.size() + more;
        Await.until(PROGRESS, () -> "the group to read " + target + " records (at " + log.size() + ")",
                () -> log.size() >= target || members.stream().anyMatch(m -> m.failure() != null));
        for (GroupMember m : members) {
            assertNull(m.failure(), () -> m.name() + " failed: " + m.failure());
        }
    }

    private static long[] committed(ClusterView view, String group, int partitions) {
        long[] offsets = new long[partitions];
        view.committed(group).forEach((p, o) -> offsets[p] = o);
        return offsets;
    }

    private static List<Long> asList(long[] values) {
        List<Long> list = new ArrayList<>();
        for (long v : values) {
            list.add(v);
        }
        return list;
    }

    private static void record(GroupFigures figures) {
        LOG.info("FIGURES {}", figures);
        try {
            Files.writeString(Path.of("target", "chaos-group-figures.md"), figures.row() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append the figures to target/chaos-group-figures.md", e);
        }
    }
}
