package io.petrel.admin;

/**
 * The new partition count of an existing topic, for {@link Admin#createPartitions}; partitions can only be added.
 *
 * @param totalCount the topic's partition count after the call
 */
public record NewPartitions(int totalCount) {
    /** Grows a topic to {@code totalCount} partitions. */
    public static NewPartitions increaseTo(int totalCount) {
        return new NewPartitions(totalCount);
    }
}
