package io.petrel.admin;

/**
 * The result of {@link Admin#deleteRecords} for one partition.
 *
 * @param lowWatermark the partition's log start offset after the deletion
 */
public record DeletedRecords(long lowWatermark) {
}
