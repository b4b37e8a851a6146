package io.petrel.serializers;

/** Serializes a {@link Boolean} as one byte: {@code 0x01} for true, {@code 0x00} for false. */
public class BooleanSerializer implements Serializer<Boolean> {

    private static final byte TRUE = 1;
    private static final byte FALSE = 0;

    @Override
    public byte[] serialize(String topic, Boolean data) {
        if (data == null) {
            return null;
        }
        return new byte[] {data ? TRUE : FALSE};
    }
}
