/**
 * What Petrel's test trees share, used by every module in test scope: one of each kind of test fixture that the
 * modules used to keep copies of.
 *
 * <ul>
 *   <li>{@link io.petrel.testsupport.RealKafkaBroker}: a real Apache Kafka broker in a child JVM, described by
 *       server.properties and {@link io.petrel.testsupport.KafkaListener}s, started, stopped, killed and
 *       restarted; {@link io.petrel.testsupport.RealKafkaMain} is its main class.</li>
 *   <li>{@link io.petrel.testsupport.RealKafkaCluster}: several such brokers as one KRaft cluster (three nodes,
 *       replication factor 3, {@code min.insync.replicas=2}) whose nodes are killed, stopped and restarted one by
 *       one; {@link io.petrel.testsupport.FaultProxy} and its {@link io.petrel.testsupport.ProxyLink}s stand
 *       between clients and a broker to delay, blackhole, reset or slow their connections.</li>
 *   <li>{@link io.petrel.testsupport.ChildJvm}: any Java program in a JVM of its own on this class path, with a log
 *       file, SIGTERM/SIGKILL, and no way to outlive the test JVM;
 *       {@link io.petrel.testsupport.ClassPathSnapshot} keeps such children (and long runs) safe from builds that
 *       rewrite the class path meanwhile; {@link io.petrel.testsupport.ScratchDirectory} their temporary
 *       directories.</li>
 *   <li>{@link io.petrel.testsupport.FreePorts}: loopback ports for servers in other processes.</li>
 *   <li>{@link io.petrel.testsupport.Await}: waiting until a condition holds, with a deadline.</li>
 *   <li>{@link io.petrel.testsupport.ManualClock}: a {@link java.time.Clock} with a nanosecond counter, both
 *       moved by hand; clients adapt it with {@code Time.of(clock, clock::nanoTime, clock::sleep)}, broker-stub takes it as
 *       its clock.</li>
 * </ul>
 *
 * <p>This module depends on no Petrel module, so that any module's tests can use it without a cycle (client-core's
 * tests use broker-stub, for instance), and on no Kafka artifact: Kafka's classes come from the class path of the
 * test that launches a broker (kafka_2.13 in its test scope) and are named as strings.
 */
package io.petrel.testsupport;
