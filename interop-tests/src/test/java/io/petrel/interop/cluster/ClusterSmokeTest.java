package io.petrel.interop.cluster;

import io.petrel.testsupport.RealKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short version of the chaos campaign, in every build: on a real three-node Kafka 4.3.1 cluster, the leader of
 * one partition is SIGKILLed under load and restarted, with Petrel's producer and with kafka-clients' as the
 * control; nothing acknowledged may be lost, duplicated or reordered, and no send may fail. The full campaign is
 * {@code mvn -pl interop-tests -am verify -Pchaos} (the {@code *Chaos} classes).
 */
class ClusterSmokeTest {
    private static RealKafkaCluster cluster;
    private static ClusterView view;

    @BeforeAll
    static void startCluster() {
        cluster = RealKafkaCluster.start();
        view = new ClusterView(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        if (view != null) {
            view.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void aLeaderKilledUnderLoadLosesDuplicatesAndReordersNothing(ClientKind client) {
        DeliveryFigures figures = ProducerScenarios.leaderKills(cluster, view, client, 1, 10_000);
        assertTrue(figures.acked() >= 30_000, () -> "enough load to mean something: " + figures);
    }
}
