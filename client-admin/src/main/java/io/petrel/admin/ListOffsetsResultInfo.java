package io.petrel.admin;

import java.util.Optional;

/**
 * The answer of {@link Admin#listOffsets} for one partition.
 *
 * @param offset      the offset found; -1 when no record matches a timestamp query
 * @param timestamp   the timestamp of the record at that offset, or -1
 * @param leaderEpoch the leader epoch of that record, when known
 */
public record ListOffsetsResultInfo(long offset, long timestamp, Optional<Integer> leaderEpoch) {
}
