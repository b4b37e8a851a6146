/**
 * broker-stub's API: a single-node Kafka-compatible broker to embed in a test or run as {@code petrel broker}.
 *
 * <p>{@link io.petrel.broker.Broker#start} takes a {@link io.petrel.broker.BrokerConfig} (Kafka's broker
 * defaults, with {@link io.petrel.broker.LogConfig} for each topic's log and its
 * {@link io.petrel.broker.FlushPolicy}) and returns a running broker that leads every partition and coordinates
 * every group. {@link io.petrel.broker.PetrelBrokerExtension} starts one per JUnit 5 test class, and
 * {@link io.petrel.broker.FaultInjector} lets a test make it fail requests, delay them or drop connections, each
 * rule a {@link io.petrel.broker.Fault} handle counting its firings. Everything else lives in
 * {@code io.petrel.broker.internal} and its subpackages and may change without notice.
 */
package io.petrel.broker;
