package io.petrel.broker.internal.quota;

import java.util.Arrays;
import java.util.Optional;

/**
 * The quota configuration keys Kafka accepts, with the value type Kafka validates against (integral keys reject
 * fractions and values beyond the type) and which entities they apply to: the first four to user and client-id
 * entities, {@code connection_creation_rate} to ip entities.
 */
public enum QuotaKey {
    PRODUCER_BYTE_RATE("producer_byte_rate", ValueType.LONG, false),
    CONSUMER_BYTE_RATE("consumer_byte_rate", ValueType.LONG, false),
    REQUEST_PERCENTAGE("request_percentage", ValueType.DOUBLE, false),
    CONTROLLER_MUTATION_RATE("controller_mutation_rate", ValueType.DOUBLE, false),
    CONNECTION_CREATION_RATE("connection_creation_rate", ValueType.INT, true);

    /** What Kafka's ConfigDef declares each key as. */
    enum ValueType { INT, LONG, DOUBLE }

    private final String key;
    private final ValueType type;
    private final boolean forIp;

    QuotaKey(String key, ValueType type, boolean forIp) {
        this.key = key;
        this.type = type;
        this.forIp = forIp;
    }

    public String key() {
        return key;
    }

    ValueType type() {
        return type;
    }

    /** Whether the key applies to ip entities (else to user and client-id entities). */
    boolean forIp() {
        return forIp;
    }

    public static Optional<QuotaKey> lookup(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
