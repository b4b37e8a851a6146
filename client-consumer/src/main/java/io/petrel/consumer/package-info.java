/**
 * Petrel's Kafka consumer: {@code Consumer}, its builder and config keys, records, rebalance listener and
 * the partition assignors. Implementation lives under {@code internal}.
 */
package io.petrel.consumer;
