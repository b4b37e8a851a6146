/**
 * Petrel's clients on a real three-node Apache Kafka 4.3.1 cluster while nodes crash, restart and the network
 * breaks, each scenario run with Petrel's clients and, as the control, with kafka-clients, under the same
 * assertions (issue #16).
 *
 * <ul>
 *   <li>{@link io.petrel.interop.cluster.ClusterView}: what Kafka says about the cluster (partition leaders, the
 *       group coordinator, in-sync replicas), through kafka-clients' Admin.</li>
 *   <li>{@link io.petrel.interop.cluster.ClientKind}, {@link io.petrel.interop.cluster.ProducerUnderTest}: the
 *       client a scenario runs, Petrel's or Kafka's, behind one small interface.</li>
 *   <li>{@link io.petrel.interop.cluster.LoadWriter} writes numbered records under load;
 *       {@link io.petrel.interop.cluster.DeliveryLedger} keeps what was acknowledged, reads the topic back in full
 *       and counts records lost, duplicated and out of order ({@link io.petrel.interop.cluster.DeliveryFigures}).</li>
 *   <li>{@link io.petrel.interop.cluster.GroupScenarios}: a consumer group (either {@link
 *       io.petrel.interop.cluster.GroupProtocol}) whose coordinator is killed, its committed offsets watched by
 *       {@link io.petrel.interop.cluster.CommitWatch} ({@link io.petrel.interop.cluster.GroupFigures}).</li>
 *   <li>The scenarios: {@link io.petrel.interop.cluster.ClusterSmokeTest} (one kill, in every build) and the
 *       campaign classes named {@code *Chaos}, run with {@code mvn -pl interop-tests -am verify -Pchaos}.</li>
 * </ul>
 */
package io.petrel.interop.cluster;
