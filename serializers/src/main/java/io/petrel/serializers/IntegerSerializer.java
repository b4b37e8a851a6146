package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;

/** Serializes an {@link Integer} as 4 bytes, big-endian. */
public class IntegerSerializer implements Serializer<Integer> {

    @Override
    public byte[] serialize(String topic, Integer data) {
        return data == null ? null : BigEndian.intBytes(data);
    }
}
