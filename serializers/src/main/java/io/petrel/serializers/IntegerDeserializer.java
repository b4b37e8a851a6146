package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;
import io.petrel.serializers.internal.ExactSize;
import java.nio.ByteBuffer;

/**
 * Deserializes an {@link Integer} from exactly 4 bytes, big-endian.
 *
 * <p>Any other length is a {@link SerializationException}.
 */
public class IntegerDeserializer implements Deserializer<Integer> {

    @Override
    public Integer deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("IntegerDeserializer", Integer.BYTES, data.length);
        return BigEndian.readInt(data);
    }

    /** Reads the remaining bytes in place, big-endian whatever the buffer's byte order. */
    @Override
    public Integer deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("IntegerDeserializer", Integer.BYTES, data.remaining());
        return BigEndian.readInt(data);
    }
}
