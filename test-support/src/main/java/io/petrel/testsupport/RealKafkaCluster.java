package io.petrel.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Apache Kafka cluster of several KRaft nodes (three by default), each a {@link RealKafkaBroker} in a JVM of
 * its own, to test clients where brokers die, restart and hand leadership over.
 *
 * <pre>{@code
 * try (RealKafkaCluster cluster = RealKafkaCluster.start()) {
 *     String bootstrap = cluster.bootstrapServers();    // every node's PLAINTEXT listener
 *     cluster.kill(2);                                  // SIGKILL node 2, as a crash
 *     cluster.restart(2);                               // same ports, same data, waits until it answers
 *     cluster.stop(1);                                  // SIGTERM: controlled shutdown, leaders move first
 * }
 * }</pre>
 *
 * <p>Each node is broker and controller at once, node ids 1..n, with one static voter set
 * ({@code controller.quorum.voters}) on controller ports fixed before launch, its own data directory, and all formatted
 * with one cluster id. Replication is what a production cluster would use ({@link #defaultServerProperties}): new
 * topics and the internal ones with replication factor 3 (or n), {@code min.insync.replicas=2}; a node that stops
 * heart-beating is fenced within a few seconds, so leaders move soon after a kill. The nodes run small
 * ({@link #DEFAULT_JVM_OPTIONS}) to fit three on a shared 2-core machine.
 *
 * <p>Which node leads a partition or coordinates a group is asked of the cluster with a Kafka client in the test
 * (this module has no Kafka client); the node ids here are the ones Kafka reports.
 *
 * <p>A client listener ({@link Builder#clientListener}) gives each node a second listener, named {@code CLIENT},
 * advertised on a port of the test's choosing: a {@link FaultProxy} there stands between the clients and that node,
 * while the nodes keep replicating to each other directly on PLAINTEXT.
 *
 * <p>Launching, stopping, killing and restarting a node, its log and its clean-up are {@link RealKafkaBroker}'s;
 * this class only lays out the quorum.
 */
public final class RealKafkaCluster implements AutoCloseable {
    /** The name of the listener {@link Builder#clientListener} adds to each node. */
    public static final String CLIENT = "CLIENT";
    /**
     * Each node's JVM options: a 384 MB heap, the serial collector and C1 only (faster starts, less CPU spent
     * compiling) keep three nodes and the clients under test within a shared 2-core machine.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx384m", "-Xms64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    /**
     * How long a node may take from its launch to answering. Longer than a single broker's: a node restarted under
     * load on a shared 2-core machine (load average above 30 was seen) took more than 60 s.
     */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Logger LOG = LoggerFactory.getLogger(RealKafkaCluster.class);
    private static final int START_ATTEMPTS = 2;

    private final Map<Integer, RealKafkaBroker> nodes;
    private final String clusterId;

    private RealKafkaCluster(Map<Integer, RealKafkaBroker> nodes, String clusterId) {
        this.nodes = nodes;
        this.clusterId = clusterId;
    }

    /** Starts three nodes with {@link #defaultServerProperties}. */
    public static RealKafkaCluster start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The server.properties of a node of an {@code n}-node cluster, before its node id and voters: replication factor
     * min(3, n) for new topics and the internal ones, {@code min.insync.replicas} one less (at least 1), three
     * partitions for the internal topics, fencing after 6 s without a heartbeat, and few request threads.
     */
    public static Map<String, String> defaultServerProperties(int n) {
        String rf = Integer.toString(Math.min(3, n));
        String minIsr = Integer.toString(Math.max(1, Math.min(3, n) - 1));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("broker.session.timeout.ms", "6000");
        p.put("broker.heartbeat.interval.ms", "1000");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.replica.fetchers", "1");
        p.put("unclean.leader.election.enable", "false");
        return p;
    }

    /** The node ids, 1..n. */
    public List<Integer> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    /** The node with this id. */
    public RealKafkaBroker node(int id) {
        RealKafkaBroker node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("No node " + id + "; the cluster has nodes " + nodes.keySet());
        }
        return node;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Every node's PLAINTEXT listener, for {@code bootstrap.servers}: {@code 127.0.0.1:p1,127.0.0.1:p2,...}. */
    public String bootstrapServers() {
        return nodes.values().stream().map(RealKafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    /** Where the node's {@link #CLIENT} listener really listens (what a proxy in front of it forwards to). */
    public KafkaListener clientListener(int id) {
        return node(id).listener(CLIENT);
    }

    /** SIGKILL the node, as a crash. */
    public void kill(int id) {
        LOG.info("SIGKILL node {}", id);
        node(id).kill();
    }

    /** SIGTERM the node: Kafka's controlled shutdown moves its leaderships first (SIGKILL after 20 s). */
    public void stop(int id) {
        LOG.info("SIGTERM node {}", id);
        node(id).stop();
    }

    /** Launches the stopped or killed node again on its ports and data, and waits until it answers. */
    public void restart(int id) {
        LOG.info("Restarting node {}", id);
        node(id).restart();
    }

    public boolean isAlive(int id) {
        return node(id).isAlive();
    }

    /**
     * SIGKILLs every node and deletes their directories. Not SIGTERM: the data goes anyway, and a node shutting down
     * in order waits for the controller quorum to approve, which the nodes stopped before it have taken away (three
     * nodes stopped one after another took about 25 s; killed, well under 1 s).
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (RealKafkaBroker node : nodes.values()) {
            try {
                node.kill();
                node.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        LOG.info("Closed {}", this);
    }

    @Override
    public String toString() {
        return "RealKafkaCluster[" + clusterId + ", " + nodes.values() + "]";
    }

    /** The cluster's description. */
    public static final class Builder {
        private int size = 3;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private Map<Integer, Integer> clientAdvertisedPorts = Map.of();

        private Builder() {
        }

        /** How many nodes (1-9, default 3). */
        public Builder nodes(int count) {
            if (count < 1 || count > 9) {
                throw new IllegalArgumentException("A cluster has 1 to 9 nodes, was " + count);
            }
            this.size = count;
            return this;
        }

        /** A server.properties entry for every node, over {@link #defaultServerProperties}. */
        public Builder property(String key, String value) {
            if (key.equals("node.id") || key.startsWith("controller.quorum.")) {
                throw new IllegalArgumentException(key + " is laid out by RealKafkaCluster and cannot be set");
            }
            properties.put(key, value);
            return this;
        }

        /** Each node's JVM options instead of {@link #DEFAULT_JVM_OPTIONS}. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /**
         * Gives each node a {@link #CLIENT} listener advertised on 127.0.0.1 at the port this map gives for its
         * node id (one entry per node), where the test puts a proxy forwarding to
         * {@link RealKafkaCluster#clientListener}.
         */
        public Builder clientListener(Map<Integer, Integer> advertisedPortByNode) {
            this.clientAdvertisedPorts = Map.copyOf(advertisedPortByNode);
            return this;
        }

        /**
         * Launches every node, then waits until each answers (a node needs a quorum of voters to start, so they
         * launch together). Tries once more on fresh ports if a port was taken meanwhile.
         *
         * @throws IllegalStateException if a node does not start, with the tail of its log
         */
        public RealKafkaCluster start() {
            if (!clientAdvertisedPorts.isEmpty() && !clientAdvertisedPorts.keySet().equals(
                    IntStream.rangeClosed(1, size).boxed().collect(Collectors.toSet()))) {
                throw new IllegalArgumentException("clientListener needs one port per node id 1.." + size + ", was "
                        + clientAdvertisedPorts);
            }
            IllegalStateException failure = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                Map<Integer, RealKafkaBroker> nodes = launchAll();
                try {
                    nodes.values().forEach(RealKafkaBroker::awaitReady);
                    RealKafkaCluster cluster = new RealKafkaCluster(Collections.unmodifiableMap(nodes),
                            nodes.get(1).clusterId());
                    LOG.info("Started {}", cluster);
                    return cluster;
                } catch (IllegalStateException e) {
                    boolean portTaken = nodes.values().stream().map(n -> n.logTail(80))
                            .anyMatch(log -> log.contains("BindException") || log.contains("Address already in use"));
                    nodes.values().forEach(RealKafkaBroker::close);
                    if (failure != null) {
                        e.addSuppressed(failure);
                    }
                    failure = e;
                    if (!portTaken) {
                        break;
                    }
                    LOG.info("A port of the cluster was taken before Kafka bound it; launching again on fresh ports");
                }
            }
            throw failure;
        }

        private Map<Integer, RealKafkaBroker> launchAll() {
            int[] ports = FreePorts.take(size * (clientAdvertisedPorts.isEmpty() ? 2 : 3));
            String voters = IntStream.rangeClosed(1, size).mapToObj(id -> id + "@127.0.0.1:" + ports[2 * (id - 1) + 1])
                    .collect(Collectors.joining(","));
            String clusterId = RealKafkaBroker.randomClusterId();
            Map<Integer, RealKafkaBroker> nodes = new LinkedHashMap<>();
            List<RuntimeException> failures = new ArrayList<>();
            for (int id = 1; id <= size; id++) {
                RealKafkaBroker.Builder node = RealKafkaBroker.builder()
                        .clusterId(clusterId)
                        .properties(defaultServerProperties(size))
                        .properties(properties)
                        .property("node.id", Integer.toString(id))
                        .property("controller.quorum.voters", voters)
                        .port(ports[2 * (id - 1)])
                        .controllerPort(ports[2 * (id - 1) + 1])
                        .jvmOptions(jvmOptions)
                        .startTimeout(START_TIMEOUT);
                if (!clientAdvertisedPorts.isEmpty()) {
                    node.listener(CLIENT, "PLAINTEXT", ports[2 * size + id - 1])
                            .advertisedPort(CLIENT, clientAdvertisedPorts.get(id));
                }
                try {
                    nodes.put(id, node.launch());
                } catch (RuntimeException e) {
                    failures.add(e);
                    break;
                }
            }
            if (!failures.isEmpty()) {
                nodes.values().forEach(RealKafkaBroker::close);
                throw failures.get(0);
            }
            return nodes;
        }
    }
}
