package io.petrel.interop.cluster;

import io.petrel.testsupport.FaultProxy;
import io.petrel.testsupport.KafkaListener;
import io.petrel.testsupport.RealKafkaCluster;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A three-node cluster whose clients reach each node through a {@link FaultProxy} of its own: every node advertises
 * its proxy's port on its CLIENT listener, so clients bootstrapped on {@link #clientBootstrap} connect only through
 * the proxies, while the nodes replicate to each other, and the test's {@link ClusterView} asks them, directly.
 */
final class ProxiedCluster implements AutoCloseable {
    private final Map<Integer, FaultProxy> proxies;
    private final RealKafkaCluster cluster;

    private ProxiedCluster(Map<Integer, FaultProxy> proxies, RealKafkaCluster cluster) {
        this.proxies = proxies;
        this.cluster = cluster;
    }

    static ProxiedCluster start() {
        Map<Integer, FaultProxy> proxies = new LinkedHashMap<>();
        try {
            for (int id = 1; id <= 3; id++) {
                proxies.put(id, FaultProxy.start("node-" + id));
            }
            RealKafkaCluster cluster = RealKafkaCluster.builder()
                    .clientListener(proxies.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().port())))
                    .start();
            proxies.forEach((id, proxy) -> {
                KafkaListener client = cluster.clientListener(id);
                proxy.forwardTo(new InetSocketAddress("127.0.0.1", client.port()));
            });
            return new ProxiedCluster(proxies, cluster);
        } catch (RuntimeException e) {
            proxies.values().forEach(FaultProxy::close);
            throw e;
        }
    }

    RealKafkaCluster cluster() {
        return cluster;
    }

    /** The proxy standing in front of node {@code id}. */
    FaultProxy proxy(int id) {
        return proxies.get(id);
    }

    Iterable<FaultProxy> proxies() {
        return proxies.values();
    }

    /** Every proxy's address: what the clients under test bootstrap from. */
    String clientBootstrap() {
        return proxies.values().stream().map(FaultProxy::address).collect(Collectors.joining(","));
    }

    /** How many requests with API key {@code apiKey} (3 = Metadata) clients sent through all the proxies so far. */
    long requests(int apiKey) {
        return proxies.values().stream().mapToLong(p -> p.requests(apiKey)).sum();
    }

    /** Removes every fault from every proxy. */
    void healAll() {
        proxies.values().forEach(FaultProxy::heal);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            proxies.values().forEach(FaultProxy::close);
        }
    }
}
