package io.petrel.protocol.record;

/**
 * What a record batch's timestamps mean: the time the producer gave each record, or the time the
 * leader appended the batch to its log. Bit 3 of a batch's attributes.
 */
public enum TimestampType {
    /** Timestamps set by the producer; each record keeps its own. */
    CREATE_TIME,
    /** The broker's append time; every record of the batch reads the batch's maxTimestamp. */
    LOG_APPEND_TIME;

    static TimestampType fromAttributes(int attributes) {
        return (attributes & BatchFormat.TIMESTAMP_TYPE_BIT) == 0 ? CREATE_TIME : LOG_APPEND_TIME;
    }
}
