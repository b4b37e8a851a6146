package io.petrel.serializers;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a non-null key and a value that may be {@code null}.
 *
 * <p>Two headers are equal when their keys are equal and their values hold the same bytes (or are
 * both {@code null}).
 *
 * <p>The value array is not copied, neither on construction nor by {@link #value()}, because
 * headers sit on the hot path of producing and consuming. Treat it as read-only once it is in a
 * header.
 *
 * @param key the header key, never {@code null}
 * @param value the header value, possibly {@code null}
 */
public record Header(String key, byte[] value) {

    /**
     * Creates a header.
     *
     * @throws NullPointerException if {@code key} is {@code null}
     */
    public Header {
        Objects.requireNonNull(key, "header key must not be null");
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof Header that
                && key.equals(that.key)
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header[key=" + key + ", value=" + Arrays.toString(value) + "]";
    }
}
