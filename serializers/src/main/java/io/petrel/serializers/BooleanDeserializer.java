package io.petrel.serializers;

import io.petrel.serializers.internal.ExactSize;
import java.nio.ByteBuffer;

/**
 * Deserializes a {@link Boolean} from exactly one byte: {@code 0x01} is true, {@code 0x00} is false.
 *
 * <p>Any other length, or any other byte value, is a {@link SerializationException}.
 */
public class BooleanDeserializer implements Deserializer<Boolean> {

    @Override
    public Boolean deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("BooleanDeserializer", 1, data.length);
        return decode(data[0]);
    }

    /** Reads the remaining byte in place. */
    @Override
    public Boolean deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        ExactSize.require("BooleanDeserializer", 1, data.remaining());
        return decode(data.get(data.position()));
    }

    private static Boolean decode(byte value) {
        return switch (value) {
            case 0 -> Boolean.FALSE;
            case 1 -> Boolean.TRUE;
            default -> throw new SerializationException(String.format(
                    "BooleanDeserializer accepts only byte 0x00 (false) or 0x01 (true), got 0x%02X",
                    value & 0xFF));
        };
    }
}
