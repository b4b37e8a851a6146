package io.petrel.consumer;

import io.petrel.client.ConfigException;

import java.util.Locale;

/**
 * {@code auto.offset.reset}: where a partition is read from when it has no committed offset, or its
 * position is out of the log's range.
 */
public enum AutoOffsetReset {
    /** From the log start offset. */
    EARLIEST,
    /** From the end of the log (the default): only records written from now on. */
    LATEST,
    /** Nowhere: the consumer throws {@link NoOffsetForPartitionException} or {@link OffsetOutOfRangeException}. */
    NONE;

    /** The value as Kafka spells it in configuration: "earliest", "latest" or "none". */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses Kafka's spelling, ignoring case.
     *
     * @throws ConfigException for anything else, naming the value and what is accepted
     */
    public static AutoOffsetReset parse(String value) {
        if (value != null) {
            for (AutoOffsetReset reset : values()) {
                if (reset.configValue().equalsIgnoreCase(value.trim())) {
                    return reset;
                }
            }
        }
        throw new ConfigException("Invalid value " + value + " for configuration auto.offset.reset: expected one of "
                + "earliest, latest, none");
    }
}
