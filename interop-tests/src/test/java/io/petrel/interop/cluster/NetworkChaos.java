package io.petrel.interop.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The network half of the chaos campaign: clients reach a real three-node Kafka 4.3.1 cluster through fault
 * proxies that blackhole a leader, reset connections in place of Produce responses, and slow every link; each
 * scenario with Petrel's producer and with kafka-clients' as the control. Run with the campaign:
 * {@code mvn -pl interop-tests -am verify -Pchaos}.
 */
class NetworkChaos {
    private static ProxiedCluster net;
    private static ClusterView view;

    @BeforeAll
    static void startCluster() {
        net = ProxiedCluster.start();
        view = new ClusterView(net.cluster().bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        if (view != null) {
            view.close();
        }
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void heal() {
        net.healAll();
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void blackholedLeader(ClientKind client) {
        ProxyScenarios.blackholedLeader(net, view, client, 10_000);
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void resetsInPlaceOfProduceResponses(ClientKind client) {
        ProxyScenarios.resetsMidProduce(net, view, client, 3, 3_000);
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void slowLinks(ClientKind client) {
        ProxyScenarios.slowLinks(net, view, client, 256 << 10, 40_000);
    }
}
