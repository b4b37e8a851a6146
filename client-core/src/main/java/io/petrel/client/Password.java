package io.petrel.client;

import java.util.Objects;

/**
 * A secret setting (a password, a private key, a JAAS configuration with credentials): its
 * {@link #toString()} is {@value #HIDDEN}, as Kafka's {@code Password} type, so a configuration that is
 * logged, printed or put in an exception message never shows it. Only {@link #value()} reveals it.
 */
public final class Password {
    /** What a password prints as. */
    public static final String HIDDEN = "[hidden]";

    private final String value;

    public Password(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret itself; never log it. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Password other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return HIDDEN;
    }
}
