package io.petrel.serializers;

import java.nio.ByteBuffer;

/**
 * Serializes the content of a {@link ByteBuffer} from index 0 up to its limit.
 *
 * <p>The buffer's current position is ignored: this is the contract of Kafka's
 * {@code ByteBufferSerializer}, kept so that code moving to Petrel writes the same bytes. Flip a
 * buffer after filling it, or wrap an array with {@link ByteBuffer#wrap(byte[])}; to serialize only
 * part of a buffer, pass a {@link ByteBuffer#slice() slice}. Unlike Kafka's serializer, this one
 * does not move the buffer's position.
 *
 * <p>When the buffer is backed by an array that holds exactly the bytes to write, that array is
 * returned without copying.
 */
public class ByteBufferSerializer implements Serializer<ByteBuffer> {

    @Override
    public byte[] serialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        int length = data.limit();
        if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == length) {
            return data.array();
        }
        byte[] bytes = new byte[length];
        data.get(0, bytes);
        return bytes;
    }
}
