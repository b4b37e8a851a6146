package io.petrel.consumer.internal;

import java.util.Locale;

/**
 * The group protocol a consumer speaks (group.protocol): CLASSIC, JoinGroup/SyncGroup with client-side assignors
 * (the default, as in kafka-clients 4.x), or CONSUMER, Kafka 4's ConsumerGroupHeartbeat protocol (KIP-848) in
 * which the broker assigns partitions.
 */
public enum GroupProtocol {
    CLASSIC, CONSUMER;

    /** The protocol for a setting value, case-insensitively; the spec has already checked it is one of these. */
    static GroupProtocol parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
