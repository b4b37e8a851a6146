package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;

/**
 * Serializes a {@link Float} as its 4-byte IEEE 754 bit pattern, big-endian.
 *
 * <p>The raw bits are written ({@link Float#floatToRawIntBits(float)}), so a NaN keeps its payload
 * and {@code -0.0f} stays distinct from {@code 0.0f}. This is what Kafka's {@code FloatSerializer}
 * writes.
 */
public class FloatSerializer implements Serializer<Float> {

    @Override
    public byte[] serialize(String topic, Float data) {
        return data == null ? null : BigEndian.intBytes(Float.floatToRawIntBits(data));
    }
}
