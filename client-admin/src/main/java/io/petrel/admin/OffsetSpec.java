package io.petrel.admin;

/**
 * Which offset {@link Admin#listOffsets} asks for: the earliest, the latest (the log end offset), the one of the
 * record with the largest timestamp, or the first offset whose record's timestamp is at or after a time.
 *
 * @param timestamp Kafka's ListOffsets query: -2 earliest, -1 latest, -3 max timestamp, else a time in ms
 */
public record OffsetSpec(long timestamp) {
    public static OffsetSpec earliest() {
        return new OffsetSpec(-2L);
    }

    public static OffsetSpec latest() {
        return new OffsetSpec(-1L);
    }

    public static OffsetSpec maxTimestamp() {
        return new OffsetSpec(-3L);
    }

    /** The first offset whose record's timestamp is at or after {@code epochMillis}. */
    public static OffsetSpec forTimestamp(long epochMillis) {
        if (epochMillis < 0) {
            throw new IllegalArgumentException("A timestamp to look up must be at least 0, got " + epochMillis);
        }
        return new OffsetSpec(epochMillis);
    }
}
