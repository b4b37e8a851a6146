package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;

/** Serializes a {@link Short} as 2 bytes, big-endian. */
public class ShortSerializer implements Serializer<Short> {

    @Override
    public byte[] serialize(String topic, Short data) {
        return data == null ? null : BigEndian.shortBytes(data);
    }
}
