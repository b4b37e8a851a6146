package io.petrel.admin;

/**
 * A group's committed position in a partition: the offset of the next record to read, and free-form metadata.
 *
 * @param offset   the committed offset
 * @param metadata the metadata committed with it, "" when none
 */
public record OffsetAndMetadata(long offset, String metadata) {
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("A committed offset must be at least 0, got " + offset);
        }
        metadata = metadata == null ? "" : metadata;
    }

    public OffsetAndMetadata(long offset) {
        this(offset, "");
    }
}
