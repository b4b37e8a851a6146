package io.petrel.serializers;

import io.petrel.serializers.internal.BigEndian;

/** Serializes a {@link Long} as 8 bytes, big-endian. */
public class LongSerializer implements Serializer<Long> {

    @Override
    public byte[] serialize(String topic, Long data) {
        return data == null ? null : BigEndian.longBytes(data);
    }
}
