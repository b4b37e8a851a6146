package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;
import io.petrel.serializers.internal.ExactSize;
import java.nio.ByteBuffer;

/**
 * Deserializes a {@link Long} from exactly 8 bytes, big-endian.
 *
 * <p>Any other length is a {@link SerializationException}.
 */
public class LongDeserializer implements Deserializer<Long> {

    @Override
    public Long deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("LongDeserializer", Long.BYTES, data.length);
        return BigEndian.readLong(data);
    }

    /** Reads the remaining bytes in place, big-endian whatever the buffer's byte order. */
    @Override
    public Long deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("LongDeserializer", Long.BYTES, data.remaining());
        return BigEndian.readLong(data);
    }
}
