package io.petrel.consumer;

import io.petrel.client.ConfigException;

import java.util.Locale;

/**
 * {@code isolation.level}: which records of transactions a fetch may return. Sent in every Fetch and
 * ListOffsets request (read_uncommitted as 0, read_committed as 1).
 */
public enum IsolationLevel {
    /** Every record up to the high watermark (the default). */
    READ_UNCOMMITTED,
    /** Only records up to the last stable offset. */
    READ_COMMITTED;

    /** The value as Kafka spells it in configuration. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire value of the Fetch and ListOffsets isolation_level field. */
    public byte wireValue() {
        return (byte) ordinal();
    }

    /**
     * Parses Kafka's spelling, ignoring case.
     *
     * @throws ConfigException for anything else
     */
    public static IsolationLevel parse(String value) {
        if (value != null) {
            for (IsolationLevel level : values()) {
                if (level.configValue().equalsIgnoreCase(value.trim())) {
                    return level;
                }
            }
        }
        throw new ConfigException("Invalid value " + value + " for configuration isolation.level: expected one of "
                + "read_uncommitted, read_committed");
    }
}
