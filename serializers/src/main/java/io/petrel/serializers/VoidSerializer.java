package io.petrel.serializers;

/** Serializes {@link Void}: the only possible value, {@code null}, becomes {@code null}. */
public class VoidSerializer implements Serializer<Void> {

    @Override
    public byte[] serialize(String topic, Void data) {
        return null;
    }
}
