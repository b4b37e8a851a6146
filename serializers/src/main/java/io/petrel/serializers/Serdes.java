package io.petrel.serializers;

import java.util.Objects;

/**
 * Factory for {@link Serde}s of the built-in types.
 *
 * <p>Each method returns a new serde with fresh, unconfigured serializer and deserializer
 * instances.
 */
public final class Serdes {

    private Serdes() {
    }

    /**
     * Pairs a serializer with a deserializer.
     *
     * @param serializer the serializer half
     * @param deserializer the deserializer half
     * @param <T> the type handled
     * @return a serde whose {@code serializer()} and {@code deserializer()} return the given
     *     instances
     * @throws NullPointerException if either argument is {@code null}
     */
    public static <T> Serde<T> serdeFrom(Serializer<T> serializer, Deserializer<T> deserializer) {
        return new Pair<>(
                Objects.requireNonNull(serializer, "serializer must not be null"),
                Objects.requireNonNull(deserializer, "deserializer must not be null"));
    }

    /**
     * Returns a serde for strings, UTF-8 unless configured otherwise.
     *
     * @return a new serde
     */
    public static Serde<String> String() {
        return serdeFrom(new StringSerializer(), new StringDeserializer());
    }

    /**
     * Returns a serde that passes byte arrays through unchanged.
     *
     * @return a new serde
     */
    public static Serde<byte[]> ByteArray() {
        return serdeFrom(new ByteArraySerializer(), new ByteArrayDeserializer());
    }

    /**
     * Returns a serde for byte buffers.
     *
     * @return a new serde
     */
    public static Serde<java.nio.ByteBuffer> ByteBuffer() {
        return serdeFrom(new ByteBufferSerializer(), new ByteBufferDeserializer());
    }

    /**
     * Returns a serde for 16-bit integers (2 bytes, big-endian).
     *
     * @return a new serde
     */
    public static Serde<Short> Short() {
        return serdeFrom(new ShortSerializer(), new ShortDeserializer());
    }

    /**
     * Returns a serde for 32-bit integers (4 bytes, big-endian).
     *
     * @return a new serde
     */
    public static Serde<Integer> Integer() {
        return serdeFrom(new IntegerSerializer(), new IntegerDeserializer());
    }

    /**
     * Returns a serde for 64-bit integers (8 bytes, big-endian).
     *
     * @return a new serde
     */
    public static Serde<Long> Long() {
        return serdeFrom(new LongSerializer(), new LongDeserializer());
    }

    /**
     * Returns a serde for single-precision floats (4 bytes, IEEE 754, big-endian).
     *
     * @return a new serde
     */
    public static Serde<Float> Float() {
        return serdeFrom(new FloatSerializer(), new FloatDeserializer());
    }

    /**
     * Returns a serde for double-precision floats (8 bytes, IEEE 754, big-endian).
     *
     * @return a new serde
     */
    public static Serde<Double> Double() {
        return serdeFrom(new DoubleSerializer(), new DoubleDeserializer());
    }

    /**
     * Returns a serde for booleans (1 byte, {@code 0x00} or {@code 0x01}).
     *
     * @return a new serde
     */
    public static Serde<Boolean> Boolean() {
        return serdeFrom(new BooleanSerializer(), new BooleanDeserializer());
    }

    /**
     * Returns a serde for UUIDs, written as their canonical string form.
     *
     * @return a new serde
     */
    public static Serde<java.util.UUID> UUID() {
        return serdeFrom(new UUIDSerializer(), new UUIDDeserializer());
    }

    /**
     * Returns a serde for {@code Void}: it only ever writes and accepts {@code null}.
     *
     * @return a new serde
     */
    public static Serde<Void> Void() {
        return serdeFrom(new VoidSerializer(), new VoidDeserializer());
    }

    private record Pair<T>(Serializer<T> serializer, Deserializer<T> deserializer)
            implements Serde<T> {
    }
}
