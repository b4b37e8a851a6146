package io.petrel.admin;

import java.util.Locale;

/**
 * The kind of a group, as Kafka 4's ListGroups (v5+) and ConsumerGroupDescribe name it: a classic group
 * (JoinGroup/SyncGroup), a consumer group of the consumer group protocol (KIP-848, ConsumerGroupHeartbeat),
 * a share or a streams group; UNKNOWN where the broker does not say (ListGroups before v5) or names a kind
 * this client does not know.
 */
public enum GroupType {
    UNKNOWN("Unknown"),
    CONSUMER("Consumer"),
    CLASSIC("Classic"),
    SHARE("Share"),
    STREAMS("Streams");

    private final String displayName;

    GroupType(String displayName) {
        this.displayName = displayName;
    }

    /** The type a broker names ("classic", "consumer", ..., any case); UNKNOWN for null or a name not listed. */
    public static GroupType parse(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        for (GroupType type : values()) {
            if (type.name().equals(name.toUpperCase(Locale.ROOT))) {
                return type;
            }
        }
        return UNKNOWN;
    }

    /** "Classic", "Consumer", ... as Kafka's tools print it. */
    @Override
    public String toString() {
        return displayName;
    }
}
