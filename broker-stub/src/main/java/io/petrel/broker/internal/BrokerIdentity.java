package io.petrel.broker.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who this broker is to clients, known once it has bound its ports: the node Metadata, FindCoordinator
 * and DescribeCluster name, at the advertised address of each listener. A client is told the address of the
 * listener it came in on, as Kafka does, so a SASL_SSL client is never sent to the PLAINTEXT port.
 *
 * @param nodeId    the node id
 * @param host      the advertised host of the first listener
 * @param port      the advertised port of the first listener
 * @param clusterId the cluster id, stable across restarts of one data directory
 * @param endpoints each listener's advertised address, by listener name, the first listener first
 */
public record BrokerIdentity(int nodeId, String host, int port, String clusterId, Map<String, Endpoint> endpoints) {

    /** An advertised address. */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            // Appended rather than concatenated with +: a JVM's first concatenation of a shape spins method handles
            // for it, ~10 ms of thread CPU in a broker's first start, whose log line is where this first runs.
            return new StringBuilder(host.length() + 6).append(host).append(':').append(port).toString();
        }
    }

    public BrokerIdentity {
        Objects.requireNonNull(endpoints, "endpoints");
        endpoints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    }

    /** A broker with one PLAINTEXT listener at {@code host}:{@code port}. */
    public BrokerIdentity(int nodeId, String host, int port, String clusterId) {
        this(nodeId, host, port, clusterId, Map.of("PLAINTEXT", new Endpoint(host, port)));
    }

    /** A broker with these listeners' advertised addresses; the first is its default address. */
    public static BrokerIdentity of(int nodeId, String clusterId, Map<String, Endpoint> endpoints) {
        Endpoint first = endpoints.values().iterator().next();
        return new BrokerIdentity(nodeId, first.host(), first.port(), clusterId, endpoints);
    }

    /** The address advertised to clients of listener {@code listenerName} (the first listener's for an unknown one). */
    public Endpoint advertised(String listenerName) {
        Endpoint endpoint = endpoints.get(listenerName);
        return endpoint != null ? endpoint : new Endpoint(host, port);
    }
}
