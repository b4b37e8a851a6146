/**
 * What every Petrel client shares in its API: the injectable {@link io.petrel.client.Time}, the cluster's
 * description ({@link io.petrel.client.Node}, {@link io.petrel.client.PartitionInfo},
 * {@link io.petrel.client.TopicPartition}), and the exceptions clients throw, all under
 * {@link io.petrel.client.ClientException}, whose {@code isRetriable()} says whether trying again may help
 * (a broker's error code, a bad setting, a timeout, a dropped connection, no common API version).
 *
 * <p>client-core's engine (network, metadata, settings) is in {@code io.petrel.client.internal}, used by
 * Petrel's producer, consumer and tools, not by applications.
 */
package io.petrel.client;
