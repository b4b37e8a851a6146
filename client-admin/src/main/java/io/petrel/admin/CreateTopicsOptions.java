package io.petrel.admin;

/**
 * Options of {@link Admin#createTopics(java.util.Collection, CreateTopicsOptions)}.
 *
 * @param validateOnly check the request (names, partitions, replication, configs) without creating anything
 */
public record CreateTopicsOptions(boolean validateOnly) {
    /** Creates the topics. */
    public static CreateTopicsOptions defaults() {
        return new CreateTopicsOptions(false);
    }
}
