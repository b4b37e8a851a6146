package io.petrel.interop.cluster;

import io.petrel.testsupport.RealKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The node-failure half of the chaos campaign on one real three-node Kafka 4.3.1 cluster, each scenario with
 * Petrel's clients and with kafka-clients as the control: partition leaders SIGKILLed in turn, a rolling restart
 * (SIGTERM), and the group coordinator SIGKILLed under a consumer group (classic protocol, and the consumer protocol of
 * KIP-848). Not in the normal build (its name does not
 * end in Test): {@code mvn -pl interop-tests -am verify -Pchaos}, figures in target/chaos-*.md.
 */
class ClusterChaos {
    /** Leader kills per client: each partition's leader twice. */
    static final int LEADER_KILLS = 6;
    static final int COORDINATOR_KILLS = 3;
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
    void leadersKilledInTurn(ClientKind client) {
        ProducerScenarios.leaderKills(cluster, view, client, LEADER_KILLS, 10_000);
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void rollingRestart(ClientKind client) {
        ProducerScenarios.rollingRestart(cluster, view, client, 10_000);
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void groupCoordinatorKilled(ClientKind client) {
        GroupScenarios.coordinatorKills(cluster, view, client, GroupProtocol.CLASSIC, COORDINATOR_KILLS, 5_000);
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void groupCoordinatorKilledUnderTheConsumerProtocol(ClientKind client) {
        GroupScenarios.coordinatorKills(cluster, view, client, GroupProtocol.CONSUMER, COORDINATOR_KILLS, 5_000);
    }
}
