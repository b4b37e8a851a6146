package io.petrel.admin;

/**
 * What {@link Admin#deleteRecords} deletes from a partition: every record before an offset.
 *
 * @param beforeOffset the partition's new log start offset; -1 deletes up to the high watermark
 */
public record RecordsToDelete(long beforeOffset) {
    public static RecordsToDelete beforeOffset(long offset) {
        return new RecordsToDelete(offset);
    }
}
