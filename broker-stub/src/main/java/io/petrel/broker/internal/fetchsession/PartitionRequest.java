package io.petrel.broker.internal.fetchsession;

/**
 * What a client asks of one partition in a fetch: where to read from, how much, under which leader epoch.
 *
 * @param partition   the partition
 * @param fetchOffset the offset to read from
 * @param maxBytes    partition_max_bytes
 * @param leaderEpoch current_leader_epoch (-1: not checked)
 */
public record PartitionRequest(SessionPartition partition, long fetchOffset, int maxBytes, int leaderEpoch) {
}
