package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;
import io.petrel.serializers.internal.ExactSize;
import java.nio.ByteBuffer;

/**
 * Deserializes a {@link Float} from exactly 4 bytes holding its IEEE 754 bit pattern, big-endian.
 *
 * <p>Any other length is a {@link SerializationException}.
 */
public class FloatDeserializer implements Deserializer<Float> {

    @Override
    public Float deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("FloatDeserializer", Float.BYTES, data.length);
        return Float.intBitsToFloat(BigEndian.readInt(data));
    }

    /** Reads the remaining bytes in place, big-endian whatever the buffer's byte order. */
    @Override
    public Float deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("FloatDeserializer", Float.BYTES, data.remaining());
        return Float.intBitsToFloat(BigEndian.readInt(data));
    }
}
