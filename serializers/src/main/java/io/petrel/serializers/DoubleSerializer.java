package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;

/**
 * Serializes a {@link Double} as its 8-byte IEEE 754 bit pattern, big-endian.
 *
 * <p>The bits come from {@link Double#doubleToLongBits(double)}, which writes every NaN as the
 * canonical NaN {@code 0x7ff8000000000000}; {@code -0.0} stays distinct from {@code 0.0}. This is
 * what Kafka's {@code DoubleSerializer} writes. (Kafka's float serializer, by contrast, keeps NaN
 * payloads; see {@link FloatSerializer}.)
 */
public class DoubleSerializer implements Serializer<Double> {

    @Override
    public byte[] serialize(String topic, Double data) {
        return data == null ? null : BigEndian.longBytes(Double.doubleToLongBits(data));
    }
}
