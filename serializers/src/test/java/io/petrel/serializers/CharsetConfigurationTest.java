package io.petrel.serializers;

import static io.petrel.serializers.KafkaReference.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The encoding settings of the text-based serializers, read the way Kafka reads them. */
class CharsetConfigurationTest {

    private static final String TEXT = "Grüße, 世界";

    @Test
    void defaultsToUtf8() {
        assertEquals(StandardCharsets.UTF_8, new StringSerializer().charset());
        assertEquals(StandardCharsets.UTF_8, new StringDeserializer().charset());
        assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_8),
                new StringSerializer().serialize(TOPIC, TEXT));
    }

    @Test
    void keySettingAppliesOnlyToKeys() {
        Map<String, Object> configs = Map.of(StringSerializer.KEY_ENCODING_CONFIG, "UTF-16");

        StringSerializer forKeys = new StringSerializer();
        forKeys.configure(configs, true);
        StringSerializer forValues = new StringSerializer();
        forValues.configure(configs, false);

        assertEquals(StandardCharsets.UTF_16, forKeys.charset());
        assertEquals(StandardCharsets.UTF_8, forValues.charset());
    }

    @Test
    void valueSettingAppliesOnlyToValues() {
        Map<String, Object> configs =
                Map.of(StringDeserializer.VALUE_ENCODING_CONFIG, "ISO-8859-1");

        StringDeserializer forKeys = new StringDeserializer();
        forKeys.configure(configs, true);
        StringDeserializer forValues = new StringDeserializer();
        forValues.configure(configs, false);

        assertEquals(StandardCharsets.UTF_8, forKeys.charset());
        assertEquals(StandardCharsets.ISO_8859_1, forValues.charset());
    }

    @Test
    void specificSettingWinsOverSharedSetting() {
        StringSerializer serializer = new StringSerializer();
        serializer.configure(Map.of(
                StringSerializer.ENCODING_CONFIG, "UTF-16",
                StringSerializer.VALUE_ENCODING_CONFIG, "UTF-16LE"), false);
        assertEquals(StandardCharsets.UTF_16LE, serializer.charset());

        StringSerializer sharedOnly = new StringSerializer();
        sharedOnly.configure(Map.of(StringSerializer.ENCODING_CONFIG, "UTF-16"), true);
        assertEquals(StandardCharsets.UTF_16, sharedOnly.charset());
    }

    @Test
    void serializerIgnoresDeserializerSettingsAndViceVersa() {
        StringSerializer serializer = new StringSerializer();
        serializer.configure(Map.of(StringDeserializer.ENCODING_CONFIG, "UTF-16"), false);
        assertEquals(StandardCharsets.UTF_8, serializer.charset());

        StringDeserializer deserializer = new StringDeserializer();
        deserializer.configure(Map.of(StringSerializer.ENCODING_CONFIG, "UTF-16"), false);
        assertEquals(StandardCharsets.UTF_8, deserializer.charset());
    }

    @Test
    void acceptsACharsetObject() {
        StringSerializer serializer = new StringSerializer();
        serializer.configure(Map.of(StringSerializer.ENCODING_CONFIG, StandardCharsets.UTF_16BE), false);
        assertEquals(StandardCharsets.UTF_16BE, serializer.charset());
    }

    @Test
    void configurationReplacesConstructorCharsetButAbsenceKeepsIt() {
        StringSerializer replaced = new StringSerializer(StandardCharsets.UTF_16);
        replaced.configure(Map.of(StringSerializer.ENCODING_CONFIG, "US-ASCII"), false);
        assertEquals(StandardCharsets.US_ASCII, replaced.charset());

        StringSerializer kept = new StringSerializer(StandardCharsets.UTF_16);
        kept.configure(Map.of("unrelated.setting", "x"), false);
        assertEquals(StandardCharsets.UTF_16, kept.charset());
    }

    @Test
    void unknownCharsetIsASerializationExceptionNamingIt() {
        StringSerializer serializer = new StringSerializer();
        SerializationException e = assertThrows(SerializationException.class,
                () -> serializer.configure(
                        Map.of(StringSerializer.VALUE_ENCODING_CONFIG, "no-such-charset"), false));
        assertTrue(e.getMessage().contains("no-such-charset"), e.getMessage());
        assertTrue(e.getMessage().contains(StringSerializer.VALUE_ENCODING_CONFIG), e.getMessage());
        assertInstanceOf(UnsupportedCharsetException.class, e.getCause());
    }

    @Test
    void illegalCharsetNameIsASerializationException() {
        StringDeserializer deserializer = new StringDeserializer();
        assertThrows(SerializationException.class, () -> deserializer.configure(
                Map.of(StringDeserializer.ENCODING_CONFIG, "not a name!"), true));
    }

    @Test
    void settingOfAnotherTypeIsASerializationException() {
        StringSerializer serializer = new StringSerializer();
        SerializationException e = assertThrows(SerializationException.class,
                () -> serializer.configure(Map.of(StringSerializer.ENCODING_CONFIG, 42), false));
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    }

    @Test
    void uuidSerdesReadTheSameSettings() {
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        Map<String, Object> configs = Map.of(
                StringSerializer.VALUE_ENCODING_CONFIG, "UTF-16",
                StringDeserializer.VALUE_ENCODING_CONFIG, "UTF-16");

        UUIDSerializer serializer = new UUIDSerializer();
        serializer.configure(configs, false);
        UUIDDeserializer deserializer = new UUIDDeserializer();
        deserializer.configure(configs, false);

        org.apache.kafka.common.serialization.UUIDSerializer kafka =
                new org.apache.kafka.common.serialization.UUIDSerializer();
        kafka.configure(configs, false);

        byte[] bytes = serializer.serialize(TOPIC, uuid);
        assertArrayEquals(uuid.toString().getBytes(StandardCharsets.UTF_16), bytes);
        assertArrayEquals(kafka.serialize(TOPIC, uuid), bytes);
        assertEquals(uuid, deserializer.deserialize(TOPIC, bytes));
    }

    @Test
    void uuidConstructorTakesACharset() {
        Charset utf16 = StandardCharsets.UTF_16LE;
        UUID uuid = UUID.randomUUID();
        byte[] bytes = new UUIDSerializer(utf16).serialize(TOPIC, uuid);
        assertEquals(uuid, new UUIDDeserializer(utf16).deserialize(TOPIC, bytes));
        assertEquals(uuid, new UUIDDeserializer(utf16)
                .deserialize(TOPIC, new RecordHeaders(), ByteBuffer.wrap(bytes)));
    }

    @Test
    void malformedInputDecodesWithReplacementCharactersLikeKafka() {
        byte[] invalidUtf8 = {(byte) 0xC3, 0x28, (byte) 0xFF};
        assertEquals(KafkaReference.string().deserialize(invalidUtf8),
                new StringDeserializer().deserialize(TOPIC, invalidUtf8));
    }
}
