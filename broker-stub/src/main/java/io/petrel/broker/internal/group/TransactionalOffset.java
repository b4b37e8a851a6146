package io.petrel.broker.internal.group;

/**
 * An offset a transaction commits for a group: pending in the transaction coordinator until the
 * transaction commits, then stored as an ordinary committed offset.
 *
 * @param topic       the topic
 * @param partition   the partition
 * @param offset      the committed offset
 * @param leaderEpoch the leader epoch the client saw with it, -1 if unknown
 * @param metadata    the client's metadata string, "" if none
 */
public record TransactionalOffset(String topic, int partition, long offset, int leaderEpoch, String metadata) {
}
