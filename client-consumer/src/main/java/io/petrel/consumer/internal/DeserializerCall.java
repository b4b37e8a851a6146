package io.petrel.consumer.internal;

import io.petrel.serializers.Deserializer;
import io.petrel.serializers.Headers;

import io.petrel.protocol.record.RecordCursor;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Calls a deserializer the cheapest way that still runs the application's own code.
 *
 * <p>Why: handing a deserializer the fetched bytes as a ByteBuffer slice saves a copy per key and value,
 * and Petrel's built-in deserializers read buffers directly. But a subclass that overrides only
 * {@code deserialize(String, byte[])} of a built-in one (a StringDeserializer that rejects some values,
 * say) would be bypassed by the built-in ByteBuffer override. So, once per deserializer, the most derived
 * class declaring each variant is found; when a byte[] variant is declared below the ByteBuffer one, the
 * bytes are copied and the byte[] variant is called. Deserializers that only take byte[] (a
 * ByteArrayDeserializer, say) get one copy made straight from the record, without a slice first.
 */
final class DeserializerCall<T> {
    private final Deserializer<T> deserializer;
    private final boolean viaBuffer;

    DeserializerCall(Deserializer<T> deserializer) {
        this.deserializer = deserializer;
        this.viaBuffer = buffersReachUserCode(deserializer.getClass());
    }

    /**
     * Whether the deserializer is handed a copy of the bytes, never a slice of the fetched data, so nothing it
     * returns or keeps can refer to that data.
     */
    boolean copiesBytes() {
        return !viaBuffer;
    }

    /** Deserializes the key ({@code key}) or value of the record {@code record} stands on, sliced or copied once. */
    T deserialize(String topic, Headers headers, RecordCursor record, boolean key) {
        if (viaBuffer) {
            return deserializer.deserialize(topic, headers, key ? record.key() : record.value());
        }
        return deserializer.deserialize(topic, headers, key ? record.keyBytes() : record.valueBytes());
    }

    private static boolean buffersReachUserCode(Class<?> type) {
        int bufferDepth = depthDeclaring(type, "deserialize", String.class, Headers.class, ByteBuffer.class);
        int bytesDepth = Math.min(depthDeclaring(type, "deserialize", String.class, byte[].class),
                depthDeclaring(type, "deserialize", String.class, Headers.class, byte[].class));
        return bufferDepth <= bytesDepth;
    }

    /** How many superclass steps up from {@code type} the method is declared; MAX_VALUE if only by the interface. */
    private static int depthDeclaring(Class<?> type, String name, Class<?>... parameters) {
        int depth = 0;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass(), depth++) {
            try {
                Method m = c.getDeclaredMethod(name, parameters);
                if (!m.isBridge() && !m.isSynthetic()) {
                    return depth;
                }
            } catch (NoSuchMethodException e) {
                // Not declared at this level: look further up.
                continue;
            }
        }
        return Integer.MAX_VALUE;
    }
}
