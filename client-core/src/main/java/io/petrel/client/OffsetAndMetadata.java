package io.petrel.client;

import java.util.Objects;
import java.util.Optional;

/**
 * An offset to commit for a partition (the offset of the next record to read), with the leader epoch of
 * the last record consumed and free-form metadata stored with it. A consumer commits it; a transactional
 * producer commits it inside a transaction (sendOffsetsToTransaction), which is why it lives here, beside
 * {@link TopicPartition}, where both clients see it.
 *
 * @param offset      the next offset to read; 0 or more
 * @param leaderEpoch the leader epoch of the last consumed record, if known
 * @param metadata    a note kept with the commit; never null ("" when none)
 */
public record OffsetAndMetadata(long offset, Optional<Integer> leaderEpoch, String metadata) {

    /** @throws IllegalArgumentException for a negative offset */
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid negative offset " + offset + ": expected 0 or more");
        }
        leaderEpoch = leaderEpoch == null ? Optional.empty() : leaderEpoch;
        metadata = metadata == null ? "" : metadata;
    }

    /** An offset with no leader epoch and no metadata. */
    public static OffsetAndMetadata of(long offset) {
        return new OffsetAndMetadata(offset, Optional.empty(), "");
    }

    /** An offset with metadata and no leader epoch. */
    public static OffsetAndMetadata of(long offset, String metadata) {
        return new OffsetAndMetadata(offset, Optional.empty(), Objects.requireNonNullElse(metadata, ""));
    }
}
