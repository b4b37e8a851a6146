package io.petrel.broker.internal.group;

/**
 * An offset a group committed for one partition.
 *
 * @param offset            the committed offset
 * @param leaderEpoch       the leader epoch the client saw with it, -1 if unknown
 * @param metadata          the client's metadata string, "" if none
 * @param commitTimestampMs when the coordinator stored it
 */
record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
}
