package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;
import io.petrel.serializers.internal.ExactSize;
import java.nio.ByteBuffer;

/**
 * Deserializes a {@link Double} from exactly 8 bytes holding its IEEE 754 bit pattern, big-endian.
 *
 * <p>Any other length is a {@link SerializationException}.
 */
public class DoubleDeserializer implements Deserializer<Double> {

    @Override
    public Double deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("DoubleDeserializer", Double.BYTES, data.length);
        return Double.longBitsToDouble(BigEndian.readLong(data));
    }

    /** Reads the remaining bytes in place, big-endian whatever the buffer's byte order. */
    @Override
    public Double deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("DoubleDeserializer", Double.BYTES, data.remaining());
        return Double.longBitsToDouble(BigEndian.readLong(data));
    }
}
