package io.petrel.producer;

import io.petrel.client.ConfigException;

import java.util.Locale;

/** How many acknowledgements a record needs before it counts as sent: Kafka's {@code acks} setting. */
public enum Acks {
    /** None: the record counts as sent once written to the socket; no offset comes back. {@code acks=0}. */
    NONE((short) 0, "0"),
    /** The partition leader's: {@code acks=1}. */
    LEADER((short) 1, "1"),
    /** Every in-sync replica's: {@code acks=all} (or {@code -1}), the default. */
    ALL((short) -1, "all");

    private final short wireValue;
    private final String configValue;

    Acks(short wireValue, String configValue) {
        this.wireValue = wireValue;
        this.configValue = configValue;
    }

    /** The value Produce requests carry: 0, 1 or -1. */
    public short wireValue() {
        return wireValue;
    }

    /** The value as the {@code acks} setting spells it. */
    public String configValue() {
        return configValue;
    }

    /**
     * Reads an {@code acks} setting: "all", "-1", "0" or "1".
     *
     * @throws ConfigException for anything else, naming the value and what is accepted
     */
    public static Acks parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "all", "-1" -> ALL;
            case "1" -> LEADER;
            case "0" -> NONE;
            default -> throw new ConfigException("Invalid value " + value + " for configuration acks:"
                    + " expected one of all, -1, 0, 1");
        };
    }
}
