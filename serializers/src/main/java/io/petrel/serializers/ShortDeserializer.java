package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;
import io.petrel.serializers.internal.ExactSize;
import java.nio.ByteBuffer;

/**
 * Deserializes a {@link Short} from exactly 2 bytes, big-endian.
 *
 * <p>Any other length is a {@link SerializationException}.
 */
public class ShortDeserializer implements Deserializer<Short> {

    @Override
    public Short deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("ShortDeserializer", Short.BYTES, data.length);
        return BigEndian.readShort(data);
    }

    /** Reads the remaining bytes in place, big-endian whatever the buffer's byte order. */
    @Override
    public Short deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("ShortDeserializer", Short.BYTES, data.remaining());
        return BigEndian.readShort(data);
    }
}
