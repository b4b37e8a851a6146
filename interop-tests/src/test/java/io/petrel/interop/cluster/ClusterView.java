package io.petrel.interop.cluster;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * What the cluster says about itself, asked with kafka-clients' Admin (the neutral observer in every scenario):
 * which node leads a partition, which coordinates a group, whether every replica is back in sync. Calls that fail
 * while a node is down are retried until their deadline.
 */
final class ClusterView implements AutoCloseable {
    /** How long the cluster may take to elect leaders and bring replicas back in sync after a node returns. */
    static final Duration SETTLE = Duration.ofSeconds(180);
    private static final long CALL_SECONDS = 10;

    private final Admin admin;

    ClusterView(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "9000");
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "200");
        this.admin = Admin.create(p);
    }

    /** Creates a topic replicated on every node (RF 3) and waits until each partition has a leader and 3 in sync. */
    void createTopic(String topic, int partitions) {
        get(admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all());
        awaitInSync(topic);
    }

    /**
     * Creates a one-partition topic on exactly these nodes (the first is the preferred leader) with these topic
     * configs, and waits until it is led and fully in sync.
     */
    void createTopic(String topic, List<Integer> replicas, Map<String, String> configs) {
        get(admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas)).configs(configs))).all());
        awaitInSync(topic);
    }

    /** The replicas in sync for {@code topic}-{@code partition} now (empty when it cannot be told). */
    List<Integer> isr(String topic, int partition) {
        return partitionInfo(topic, partition).map(i -> i.isr().stream().map(Node::id).toList()).orElse(List.of());
    }

    /**
     * Makes {@code node} the partition's leader: an unclean election (ElectionType.UNCLEAN, a replica out of sync
     * may lead and the log is cut back to its) when {@code unclean}, else the replicas are reordered so that
     * {@code node} comes first (no data moves) and a preferred election follows. Retried until {@code node} leads.
     */
    void electLeader(String topic, int partition, int node, boolean unclean) {
        TopicPartition tp = new TopicPartition(topic, partition);
        if (!unclean) {
            List<Integer> replicas = new java.util.ArrayList<>(partitionInfo(topic, partition).orElseThrow().replicas()
                    .stream().map(Node::id).toList());
            replicas.remove(Integer.valueOf(node));
            replicas.add(0, node);
            get(admin.alterPartitionReassignments(Map.of(tp, java.util.Optional.of(
                    new org.apache.kafka.clients.admin.NewPartitionReassignment(replicas)))).all());
        }
        org.apache.kafka.common.ElectionType type = unclean ? org.apache.kafka.common.ElectionType.UNCLEAN
                : org.apache.kafka.common.ElectionType.PREFERRED;
        Await.until(SETTLE, () -> topic + "-" + partition + " led by node " + node + " after a " + type + " election: "
                + describeQuietly(topic), () -> {
                    try {
                        admin.electLeaders(type, java.util.Set.of(tp)).partitions().get(CALL_SECONDS, TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        // ELECTION_NOT_NEEDED, or the controller is still settling: the leader check below decides
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return leader(topic, partition) == node;
                });
    }

    /** The node leading {@code topic}-{@code partition} now, or -1 while it has none. */
    int leader(String topic, int partition) {
        return partitionInfo(topic, partition).map(i -> i.leader() == null || i.leader().isEmpty() ? -1
                : i.leader().id()).orElse(-1);
    }

    /** The node coordinating {@code group} now (the leader of its __consumer_offsets partition). */
    int coordinator(String group) {
        return retried(() -> {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(CALL_SECONDS,
                    TimeUnit.SECONDS).get(group);
            Node node = d.coordinator();
            return node == null ? -1 : node.id();
        });
    }

    /** The group's committed offsets, by partition number. */
    Map<Integer, Long> committed(String group) {
        return retried(() -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(CALL_SECONDS, TimeUnit.SECONDS);
            Map<Integer, Long> byPartition = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    byPartition.put(tp.partition(), o.offset());
                }
            });
            return byPartition;
        });
    }

    /** Each partition's log end offset. */
    long[] endOffsets(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return retried(() -> {
            long[] ends = new long[partitions];
            admin.listOffsets(latest).all().get(CALL_SECONDS, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends[tp.partition()] = info.offset());
            return ends;
        });
    }

    /** Waits until every partition of the topics has a leader and all its replicas in sync. */
    void awaitInSync(String... topics) {
        Await.until(SETTLE, () -> "every partition of " + List.of(topics) + " led and fully in sync: "
                + describeQuietly(topics), () -> inSync(topics));
    }

    /** Waits until a node other than {@code node} leads the partition. */
    int awaitLeaderOtherThan(String topic, int partition, int node) {
        Await.until(SETTLE, () -> topic + "-" + partition + " led by a node other than " + node,
                () -> {
                    int leader = leader(topic, partition);
                    return leader != -1 && leader != node;
                });
        return leader(topic, partition);
    }

    private boolean inSync(String... topics) {
        try {
            for (TopicDescription d : admin.describeTopics(List.of(topics)).allTopicNames()
                    .get(CALL_SECONDS, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.leader() == null || p.leader().isEmpty() || p.isr().size() != p.replicas().size()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String describeQuietly(String... topics) {
        try {
            StringBuilder s = new StringBuilder();
            admin.describeTopics(List.of(topics)).allTopicNames().get(CALL_SECONDS, TimeUnit.SECONDS).values()
                    .forEach(d -> d.partitions().forEach(p -> s.append(d.name()).append('-').append(p.partition())
                            .append(" leader ").append(p.leader() == null ? "none" : p.leader().idString())
                            .append(" isr ").append(p.isr().stream().map(Node::idString).toList()).append("; ")));
            return s.toString();
        } catch (Exception e) {
            return "(cannot describe: " + e + ")";
        }
    }

    private java.util.Optional<TopicPartitionInfo> partitionInfo(String topic, int partition) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(CALL_SECONDS, TimeUnit.SECONDS).get(topic);
            return d.partitions().stream().filter(p -> p.partition() == partition).findFirst();
        } catch (ExecutionException | TimeoutException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A call retried while the cluster is in flux (a node down, a leader moving), for up to {@link #SETTLE}. */
    private static <T> T retried(Call<T> call) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            try {
                return call.run();
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Gave up after " + SETTLE.toSeconds() + " s: " + e, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // back off, then ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        return retried(() -> future.get(SETTLE.toSeconds(), TimeUnit.SECONDS));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    private interface Call<T> {
        T run() throws ExecutionException, TimeoutException, InterruptedException;
    }
}
