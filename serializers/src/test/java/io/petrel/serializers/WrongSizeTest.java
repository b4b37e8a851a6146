package io.petrel.serializers;

import static io.petrel.serializers.KafkaReference.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fixed-width deserializers reject data of the wrong length with a message naming both sizes. */
class WrongSizeTest {

    static Stream<Arguments> wrongSizes() {
        List<Object[]> fixedWidth = List.of(
                new Object[] {new ShortDeserializer(), 2},
                new Object[] {new IntegerDeserializer(), 4},
                new Object[] {new LongDeserializer(), 8},
                new Object[] {new FloatDeserializer(), 4},
                new Object[] {new DoubleDeserializer(), 8},
                new Object[] {new BooleanDeserializer(), 1});
        return fixedWidth.stream().flatMap(row -> {
            Deserializer<?> deserializer = (Deserializer<?>) row[0];
            int expected = (Integer) row[1];
            return Stream.of(0, expected - 1, expected + 1, 3 * expected + 5)
                    .filter(size -> size != expected)
                    .distinct()
                    .map(size -> Arguments.of(deserializer, expected, size));
        });
    }

    @ParameterizedTest(name = "{0} given {2} bytes")
    @MethodSource("wrongSizes")
    void byteArrayOfWrongSizeIsRejectedNamingBothSizes(
            Deserializer<?> deserializer, int expected, int actual) {
        SerializationException e = assertThrows(SerializationException.class,
                () -> deserializer.deserialize(TOPIC, new byte[actual]));
        assertMessageNames(e, deserializer, expected, actual);
    }

    @ParameterizedTest(name = "{0} given a buffer of {2} bytes")
    @MethodSource("wrongSizes")
    void bufferOfWrongSizeIsRejectedNamingBothSizes(
            Deserializer<?> deserializer, int expected, int actual) {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[actual + 6], 3, actual);
        SerializationException e = assertThrows(SerializationException.class,
                () -> deserializer.deserialize(TOPIC, new RecordHeaders(), buffer));
        assertMessageNames(e, deserializer, expected, actual);
    }

    @Test
    void messageReadsNaturally() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> new IntegerDeserializer().deserialize(TOPIC, new byte[3]));
        assertEquals("IntegerDeserializer needs exactly 4 bytes but received 3 bytes", e.getMessage());

        SerializationException one = assertThrows(SerializationException.class,
                () -> new LongDeserializer().deserialize(TOPIC, new byte[1]));
        assertEquals("LongDeserializer needs exactly 8 bytes but received 1 byte", one.getMessage());
    }

    @Test
    void kafkaAlsoRejectsTheseSizes() {
        // Sanity check that the rejection is shared behaviour, not a Petrel invention.
        assertThrows(org.apache.kafka.common.errors.SerializationException.class,
                () -> KafkaReference.integers().deserialize(new byte[3]));
        assertThrows(org.apache.kafka.common.errors.SerializationException.class,
                () -> KafkaReference.booleans().deserialize(new byte[2]));
    }

    private static void assertMessageNames(
            SerializationException e, Deserializer<?> deserializer, int expected, int actual) {
        String message = e.getMessage();
        String name = deserializer.getClass().getSimpleName();
        assertTrue(message.contains(name), () -> "should name " + name + ": " + message);
        assertTrue(message.matches(".*\\b" + expected + "\\b.*"),
                () -> "should name expected size " + expected + ": " + message);
        assertTrue(message.matches(".*\\b" + actual + "\\b.*"),
                () -> "should name actual size " + actual + ": " + message);
    }
}
