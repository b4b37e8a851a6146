package io.petrel.serializers;

import java.nio.ByteBuffer;

/**
 * Deserializes {@link Void}: accepts only {@code null} data and returns {@code null}.
 *
 * <p>Any non-null data, even an empty array, is a {@link SerializationException}: it means the
 * record holds something the application did not expect.
 */
public class VoidDeserializer implements Deserializer<Void> {

    @Override
    public Void deserialize(String topic, byte[] data) {
        if (data != null) {
            throw unexpected(data.length);
        }
        return null;
    }

    @Override
    public Void deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data != null) {
            throw unexpected(data.remaining());
        }
        return null;
    }

    private static SerializationException unexpected(int size) {
        return new SerializationException(
                "VoidDeserializer accepts only null data, got " + size
                        + (size == 1 ? " byte" : " bytes"));
    }
}
