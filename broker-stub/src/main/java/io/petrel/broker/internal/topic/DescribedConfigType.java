package io.petrel.broker.internal.topic;

/**
 * The type a DescribeConfigs answer gives a broker or topic config, with the code v3+ carries on the wire
 * (Kafka's DescribeConfigsResponse.ConfigType); topic config values are checked against it when a topic is
 * created.
 */
public enum DescribedConfigType {
    BOOLEAN(1),
    STRING(2),
    INT(3),
    SHORT(4),
    LONG(5),
    DOUBLE(6),
    LIST(7);

    private final byte code;

    DescribedConfigType(int code) {
        this.code = (byte) code;
    }

    /** The value on the wire. */
    public byte code() {
        return code;
    }
}
