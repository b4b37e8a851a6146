package io.petrel.serializers.internal;

import io.petrel.serializers.SerializationException;

/** Checks that data handed to a fixed-width deserializer has exactly the expected length. */
public final class ExactSize {

    private ExactSize() {
    }

    /**
     * Throws unless {@code actual} equals {@code expected}.
     *
     * @param deserializer the simple name of the deserializer, for the message
     * @param expected the number of bytes the type always occupies
     * @param actual the number of bytes received
     * @throws SerializationException naming the deserializer and both sizes, if they differ
     */
    public static void require(String deserializer, int expected, int actual) {
        if (actual != expected) {
            throw new SerializationException(
                    deserializer + " needs exactly " + expected + " bytes but received " + actual
                            + (actual == 1 ? " byte" : " bytes"));
        }
    }
}
