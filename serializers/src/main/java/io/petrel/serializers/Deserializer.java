package io.petrel.serializers;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Turns the bytes of a record key or value back into a value of type {@code T}.
 *
 * <p>Implementations must map {@code null} to {@code null} unless they document otherwise.
 *
 * <p>A client calls {@link #configure(Map, boolean)} at most once, before the first
 * {@code deserialize} call, and {@link #close()} when it is done with the deserializer.
 *
 * @param <T> the type of value this deserializer produces
 */
public interface Deserializer<T> extends AutoCloseable {

    /**
     * Configures this deserializer from the client configuration. Does nothing by default.
     *
     * @param configs the client configuration
     * @param isKey {@code true} if this deserializer is used for record keys, {@code false} for
     *     values
     */
    default void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure by default.
    }

    /**
     * Deserializes bytes into a value.
     *
     * @param topic the topic the record was read from
     * @param data the serialized bytes, possibly {@code null}
     * @return the value, or {@code null} for {@code null} data
     * @throws SerializationException if the bytes do not encode a valid value
     */
    T deserialize(String topic, byte[] data);

    /**
     * Deserializes bytes into a value, with access to the record's headers. Delegates to
     * {@link #deserialize(String, byte[])} by default.
     *
     * @param topic the topic the record was read from
     * @param headers the record's headers
     * @param data the serialized bytes, possibly {@code null}
     * @return the value, or {@code null} for {@code null} data
     * @throws SerializationException if the bytes do not encode a valid value
     */
    default T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    /**
     * Deserializes the bytes between the buffer's position and its limit.
     *
     * <p>The buffer's position, limit and mark are left unchanged. The default implementation hands
     * the buffer's backing array to {@link #deserialize(String, Headers, byte[])} directly when the
     * buffer covers that whole array, and copies the bytes into a new array otherwise. Built-in
     * deserializers override this to read the buffer without copying.
     *
     * @param topic the topic the record was read from
     * @param headers the record's headers
     * @param data the serialized bytes, possibly {@code null}
     * @return the value, or {@code null} for {@code null} data
     * @throws SerializationException if the bytes do not encode a valid value
     */
    default T deserialize(String topic, Headers headers, ByteBuffer data) {
        return deserialize(topic, headers, data == null ? null : remainingBytes(data));
    }

    /** Releases any resources held by this deserializer. Does nothing by default. */
    @Override
    default void close() {
        // Nothing to release by default.
    }

    private static byte[] remainingBytes(ByteBuffer buffer) {
        int length = buffer.remaining();
        if (buffer.hasArray()
                && buffer.arrayOffset() + buffer.position() == 0
                && buffer.array().length == length) {
            return buffer.array();
        }
        byte[] copy = new byte[length];
        buffer.get(buffer.position(), copy);
        return copy;
    }
}
