package io.petrel.protocol.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * One header of a record: a non-null UTF-8 key and a value that may be null.
 *
 * <p>Equality and hash code compare the value's bytes, not the array's identity. The array is held as
 * given, not copied: do not change it after handing it over.
 *
 * @param key   the header's name, never null
 * @param value the header's bytes, or null
 */
public record RecordHeader(String key, byte[] value) {

    /** @throws NullPointerException if {@code key} is null; Kafka's format has no null header key */
    public RecordHeader {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader(key=" + key + ", value=" + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
