package io.petrel.serializers;

import static io.petrel.serializers.KafkaReference.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data of the right size but the wrong content is a clear {@link SerializationException}. */
class MalformedDataTest {

    @ParameterizedTest(name = "byte {0}")
    @ValueSource(bytes = {2, 3, 0x7f, -1, -128})
    void booleanByteOtherThanZeroOrOneIsRejectedNamingTheByte(byte value) {
        String hex = String.format("0x%02X", value & 0xFF);

        SerializationException fromArray = assertThrows(SerializationException.class,
                () -> new BooleanDeserializer().deserialize(TOPIC, new byte[] {value}));
        assertTrue(fromArray.getMessage().contains(hex), fromArray.getMessage());
        assertTrue(fromArray.getMessage().contains("BooleanDeserializer"), fromArray.getMessage());

        SerializationException fromBuffer = assertThrows(SerializationException.class,
                () -> new BooleanDeserializer().deserialize(TOPIC, new RecordHeaders(),
                        ByteBuffer.wrap(new byte[] {1, value, 0}, 1, 1)));
        assertTrue(fromBuffer.getMessage().contains(hex), fromBuffer.getMessage());
    }

    @Test
    void badUuidTextIsRejectedQuotingIt() {
        byte[] bytes = "not-a-uuid".getBytes(StandardCharsets.UTF_8);
        SerializationException e = assertThrows(SerializationException.class,
                () -> new UUIDDeserializer().deserialize(TOPIC, bytes));
        assertTrue(e.getMessage().contains("'not-a-uuid'"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());

        SerializationException fromBuffer = assertThrows(SerializationException.class,
                () -> new UUIDDeserializer().deserialize(TOPIC, new RecordHeaders(),
                        ByteBuffer.wrap(bytes)));
        assertTrue(fromBuffer.getMessage().contains("'not-a-uuid'"), fromBuffer.getMessage());
    }

    @Test
    void emptyUuidIsRejected() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> new UUIDDeserializer().deserialize(TOPIC, new byte[0]));
        assertTrue(e.getMessage().contains("''"), e.getMessage());
    }

    @Test
    void longGarbageIsTruncatedInTheMessage() {
        String garbage = "z".repeat(10_000);
        SerializationException e = assertThrows(SerializationException.class,
                () -> new UUIDDeserializer().deserialize(TOPIC,
                        garbage.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void voidDeserializerRejectsAnyData() {
        SerializationException empty = assertThrows(SerializationException.class,
                () -> new VoidDeserializer().deserialize(TOPIC, new byte[0]));
        assertEquals("VoidDeserializer accepts only null data, got 0 bytes", empty.getMessage());

        SerializationException some = assertThrows(SerializationException.class,
                () -> new VoidDeserializer().deserialize(TOPIC, new RecordHeaders(),
                        ByteBuffer.wrap(new byte[3])));
        assertTrue(some.getMessage().contains("3 bytes"), some.getMessage());
    }
}
