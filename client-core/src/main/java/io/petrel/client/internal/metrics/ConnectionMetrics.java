package io.petrel.client.internal.metrics;

import io.petrel.client.internal.NetworkObserver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection metrics kafka-clients' network layer keeps, under its names: in {@code PREFIX-metrics}
 * (connection-count, connection-creation-rate/total, connection-close-rate/total, network-io-rate/total,
 * request-rate/total, request-size-avg/max, outgoing-byte-rate/total, response-rate/total,
 * incoming-byte-rate/total) and the same traffic per broker in {@code PREFIX-node-metrics} (tag
 * {@code node-id=node-N}, N the broker id, negative for a bootstrap server, as kafka-clients), with the node's
 * request-latency-avg/max, which the client records in sensor {@link #nodeLatencySensor} (NaN for a node it never
 * timed, as kafka-clients). Recorded on the network's I/O threads, once per request or response.
 *
 * <p>Not kept: kafka-clients' select and io-wait/io-time metrics describe its own selector loop, which Petrel's
 * Netty event loops do not have; nor the authentication counters.
 */
public final class ConnectionMetrics implements NetworkObserver {
    private final MetricRegistry registry;
    private final String group;
    private final String nodeGroup;
    private final AtomicInteger open = new AtomicInteger();
    private final Sensor created;
    private final Sensor closed;
    private final Sensor networkIo;
    private final Traffic total;
    private final Map<Integer, Traffic> nodes = new ConcurrentHashMap<>();

    /** @param prefix {@code producer}, {@code consumer} or {@code admin-client}, as kafka-clients' groups */
    public ConnectionMetrics(MetricRegistry registry, String prefix) {
        this.registry = registry;
        this.group = prefix + "-metrics";
        this.nodeGroup = prefix + "-node-metrics";
        registry.gauge(registry.name("connection-count", group, "The current number of active connections."),
                () -> (double) open.get());
        created = registry.sensor("connections-created").addCountMeter(
                registry.name("connection-creation-rate", group, "The number of new connections established per second"),
                registry.name("connection-creation-total", group, "The total number of new connections established"));
        closed = registry.sensor("connections-closed").addCountMeter(
                registry.name("connection-close-rate", group, "The number of connections closed per second"),
                registry.name("connection-close-total", group, "The total number of connections closed"));
        networkIo = registry.sensor("network-io").addCountMeter(
                registry.name("network-io-rate", group, "The number of network operations (reads or writes) on all"
                        + " connections per second"),
                registry.name("network-io-total", group, "The total number of network operations (reads or writes)"
                        + " on all connections"));
        total = new Traffic(registry, "", group);
    }

    @Override
    public void connectionOpened(int nodeId) {
        open.incrementAndGet();
        created.record();
    }

    @Override
    public void connectionClosed(int nodeId) {
        open.decrementAndGet();
        closed.record();
    }

    @Override
    public void requestSent(int nodeId, int bytes) {
        long now = registry.nowMs();
        networkIo.record(1, now);
        total.sent.record(bytes, now);
        node(nodeId).sent.record(bytes, now);
    }

    @Override
    public void responseReceived(int nodeId, int bytes) {
        long now = registry.nowMs();
        networkIo.record(1, now);
        total.received.record(bytes, now);
        node(nodeId).received.record(bytes, now);
    }

    /** The name of the sensor a client records a node's request latencies (ms) in, once the node has traffic. */
    public static String nodeLatencySensor(int nodeId) {
        return "node-" + nodeId + ".latency";
    }

    private Traffic node(int nodeId) {
        Traffic traffic = nodes.get(nodeId);
        return traffic != null ? traffic
                : nodes.computeIfAbsent(nodeId, id -> new Traffic(registry, "node-" + id, nodeGroup));
    }

    /** Bytes and requests one way and the other, for the whole client or one broker. */
    private static final class Traffic {
        final Sensor sent;
        final Sensor received;

        Traffic(MetricRegistry registry, String nodeId, String group) {
            String[] tags = nodeId.isEmpty() ? new String[0] : new String[]{"node-id", nodeId};
            String prefix = nodeId.isEmpty() ? "" : nodeId + ".";
            sent = registry.sensor(prefix + "bytes-sent")
                    .add(registry.name("outgoing-byte-rate", group, "The number of outgoing bytes sent per second",
                            tags), new Rate())
                    .add(registry.name("outgoing-byte-total", group, "The total number of outgoing bytes sent", tags),
                            new CumulativeSum())
                    .add(registry.name("request-rate", group, "The number of requests sent per second", tags),
                            new Rate(new WindowedCount()))
                    .add(registry.name("request-total", group, "The total number of requests sent", tags),
                            new CumulativeCount())
                    .add(registry.name("request-size-avg", group, "The average size of requests sent.", tags),
                            new Avg())
                    .add(registry.name("request-size-max", group, "The maximum size of any request sent.", tags),
                            new Max());
            received = registry.sensor(prefix + "bytes-received")
                    .add(registry.name("incoming-byte-rate", group, "The number of bytes read off all sockets per"
                            + " second", tags), new Rate())
                    .add(registry.name("incoming-byte-total", group, "The total number of bytes read off all"
                            + " sockets", tags), new CumulativeSum())
                    .add(registry.name("response-rate", group, "The number of responses received per second", tags),
                            new Rate(new WindowedCount()))
                    .add(registry.name("response-total", group, "The total number of responses received", tags),
                            new CumulativeCount());
            if (!nodeId.isEmpty()) {
                registry.sensor(prefix + "latency")
                        .add(registry.name("request-latency-avg", group, "The average request latency in ms", tags),
                                new Avg())
                        .add(registry.name("request-latency-max", group, "The maximum request latency in ms", tags),
                                new Max());
            }
        }
    }
}
