package io.petrel.serializers;

import java.util.Map;

/**
 * Turns values of type {@code T} into bytes for a record key or value.
 *
 * <p>Implementations must map {@code null} to {@code null} unless they document otherwise: a
 * {@code null} value is how Kafka represents a tombstone.
 *
 * <p>A client calls {@link #configure(Map, boolean)} at most once, before the first
 * {@code serialize} call, and {@link #close()} when it is done with the serializer.
 *
 * @param <T> the type of value this serializer accepts
 */
public interface Serializer<T> extends AutoCloseable {

    /**
     * Configures this serializer from the client configuration. Does nothing by default.
     *
     * @param configs the client configuration
     * @param isKey {@code true} if this serializer is used for record keys, {@code false} for values
     */
    default void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure by default.
    }

    /**
     * Serializes a value.
     *
     * @param topic the topic the record is written to
     * @param data the value to serialize, possibly {@code null}
     * @return the serialized bytes, or {@code null} for a {@code null} value
     * @throws SerializationException if the value cannot be serialized
     */
    byte[] serialize(String topic, T data);

    /**
     * Serializes a value, with access to the record's headers (for example to record a schema id).
     * Delegates to {@link #serialize(String, Object)} by default.
     *
     * @param topic the topic the record is written to
     * @param headers the record's headers, which the serializer may add to
     * @param data the value to serialize, possibly {@code null}
     * @return the serialized bytes, or {@code null} for a {@code null} value
     * @throws SerializationException if the value cannot be serialized
     */
    default byte[] serialize(String topic, Headers headers, T data) {
        return serialize(topic, data);
    }

    /** Releases any resources held by this serializer. Does nothing by default. */
    @Override
    default void close() {
        // Nothing to release by default.
    }
}
