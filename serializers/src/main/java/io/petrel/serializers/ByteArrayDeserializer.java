package io.petrel.serializers;

/** Passes byte arrays through unchanged (the same array instance is returned). */
public class ByteArrayDeserializer implements Deserializer<byte[]> {

    @Override
    public byte[] deserialize(String topic, byte[] data) {
        return data;
    }
}
