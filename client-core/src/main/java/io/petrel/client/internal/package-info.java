/**
 * The engine Petrel's clients run on, as seen by the producer, consumer and tools: {@code ClientNetwork} sends a
 * request to a broker at the highest version both sides speak, building its body once the version is known
 * ({@code RequestBody}), and holds the client's {@code ClusterMetadata} (brokers, topics, leaders; read from a
 * cache, refreshed as needed). {@code ClientNetworkConfig} is what the network reads from a client's parsed
 * settings, {@code ExponentialBackoff} the jittered doubling wait for reconnects and retries,
 * {@code ClientSoftware} how clients name themselves to brokers.
 *
 * <p>The implementations are in the subpackages: {@code network} (Netty connections, ApiVersions),
 * {@code metadata} (the refreshing cache) and {@code config} (settings parsing). Not API: Petrel's own modules
 * use these (see architecture-tests' allow-list); applications must not.
 */
package io.petrel.client.internal;
