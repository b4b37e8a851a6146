package io.petrel.serializers;

import java.nio.ByteBuffer;

/** Deserializes bytes into a {@link ByteBuffer} over them, without copying. */
public class ByteBufferDeserializer implements Deserializer<ByteBuffer> {

    /** Wraps the array: the result's position is 0 and its limit is the array's length. */
    @Override
    public ByteBuffer deserialize(String topic, byte[] data) {
        return data == null ? null : ByteBuffer.wrap(data);
    }

    /**
     * Returns a {@link ByteBuffer#slice() slice} of the buffer's remaining bytes: it shares their
     * content but has its own position (0) and limit, so the caller's buffer is not disturbed when
     * the result is read.
     */
    @Override
    public ByteBuffer deserialize(String topic, Headers headers, ByteBuffer data) {
        return data == null ? null : data.slice();
    }
}
