/**
 * Client quotas as Kafka keeps them (KIP-13, KIP-55, KIP-124, KIP-219): quota entities of user, client-id, both, or
 * ip, with {@code <default>} names, stored in the data directory; the DescribeClientQuotas and AlterClientQuotas
 * handlers; and their enforcement on Produce and Fetch byte rates through {@code throttle_time_ms}, the rate measured
 * over sampled windows of the broker's monotonic clock.
 */
package io.petrel.broker.internal.quota;
