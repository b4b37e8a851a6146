package io.petrel.serializers;

import java.util.Map;

/**
 * A matching {@link Serializer} and {@link Deserializer} for one type.
 *
 * <p>{@link #configure(Map, boolean)} and {@link #close()} forward to both halves by default, so an
 * implementation whose {@code serializer()} and {@code deserializer()} return the same instances on
 * every call needs to implement nothing else.
 *
 * @param <T> the type this serde handles
 * @see Serdes
 */
public interface Serde<T> extends AutoCloseable {

    /**
     * Returns the serializer half.
     *
     * @return the serializer
     */
    Serializer<T> serializer();

    /**
     * Returns the deserializer half.
     *
     * @return the deserializer
     */
    Deserializer<T> deserializer();

    /**
     * Configures both halves.
     *
     * @param configs the client configuration
     * @param isKey {@code true} if used for record keys, {@code false} for values
     */
    default void configure(Map<String, ?> configs, boolean isKey) {
        serializer().configure(configs, isKey);
        deserializer().configure(configs, isKey);
    }

    /** Closes both halves. */
    @Override
    default void close() {
        try {
            serializer().close();
        } finally {
            deserializer().close();
        }
    }
}
