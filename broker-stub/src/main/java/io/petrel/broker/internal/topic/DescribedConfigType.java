package io.petrel.broker.internal.topic;

/** The type of a config's value, with the codes DescribeConfigs v3+ carries. */
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
