package io.petrel.serializers;

import static io.petrel.serializers.KafkaReference.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SerdesTest {

    @Test
    void factoriesPairTheMatchingBuiltIns() {
        assertPair(Serdes.String(), StringSerializer.class, StringDeserializer.class);
        assertPair(Serdes.ByteArray(), ByteArraySerializer.class, ByteArrayDeserializer.class);
        assertPair(Serdes.ByteBuffer(), ByteBufferSerializer.class, ByteBufferDeserializer.class);
        assertPair(Serdes.Short(), ShortSerializer.class, ShortDeserializer.class);
        assertPair(Serdes.Integer(), IntegerSerializer.class, IntegerDeserializer.class);
        assertPair(Serdes.Long(), LongSerializer.class, LongDeserializer.class);
        assertPair(Serdes.Float(), FloatSerializer.class, FloatDeserializer.class);
        assertPair(Serdes.Double(), DoubleSerializer.class, DoubleDeserializer.class);
        assertPair(Serdes.Boolean(), BooleanSerializer.class, BooleanDeserializer.class);
        assertPair(Serdes.UUID(), UUIDSerializer.class, UUIDDeserializer.class);
        assertPair(Serdes.Void(), VoidSerializer.class, VoidDeserializer.class);
    }

    @Test
    void eachCallReturnsFreshInstances() {
        assertNotSame(Serdes.String().serializer(), Serdes.String().serializer());
    }

    @Test
    void serdeReturnsTheSameHalvesEveryTime() {
        Serde<Long> serde = Serdes.Long();
        assertSame(serde.serializer(), serde.serializer());
        assertSame(serde.deserializer(), serde.deserializer());
    }

    @Test
    void roundTripsThroughEachFactory() {
        assertEquals("héllo", roundTrip(Serdes.String(), "héllo"));
        assertArrayEquals(new byte[] {1, 2}, roundTrip(Serdes.ByteArray(), new byte[] {1, 2}));
        assertEquals(ByteBuffer.wrap(new byte[] {3}), roundTrip(Serdes.ByteBuffer(), ByteBuffer.wrap(new byte[] {3})));
        assertEquals((short) -2, roundTrip(Serdes.Short(), (short) -2));
        assertEquals(-3, roundTrip(Serdes.Integer(), -3));
        assertEquals(-4L, roundTrip(Serdes.Long(), -4L));
        assertEquals(-5.5f, roundTrip(Serdes.Float(), -5.5f));
        assertEquals(-6.25, roundTrip(Serdes.Double(), -6.25));
        assertEquals(true, roundTrip(Serdes.Boolean(), true));
        UUID uuid = UUID.randomUUID();
        assertEquals(uuid, roundTrip(Serdes.UUID(), uuid));
        assertEquals(null, roundTrip(Serdes.Void(), null));
    }

    @Test
    void serdeFromRejectsNulls() {
        assertThrows(NullPointerException.class,
                () -> Serdes.serdeFrom(null, new StringDeserializer()));
        assertThrows(NullPointerException.class,
                () -> Serdes.serdeFrom(new StringSerializer(), null));
    }

    @Test
    void configureReachesBothHalves() {
        Serde<String> serde = Serdes.String();
        serde.configure(Map.of("serializer.encoding", "UTF-16", "deserializer.encoding", "UTF-16"),
                false);
        assertEquals(StandardCharsets.UTF_16, ((StringSerializer) serde.serializer()).charset());
        assertEquals(StandardCharsets.UTF_16, ((StringDeserializer) serde.deserializer()).charset());
    }

    @Test
    void closeReachesBothHalvesEvenIfTheFirstFails() {
        List<String> closed = new ArrayList<>();
        Serializer<String> serializer = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, String data) {
                return null;
            }

            @Override
            public void close() {
                closed.add("serializer");
                throw new IllegalStateException("boom");
            }
        };
        Deserializer<String> deserializer = new Deserializer<>() {
            @Override
            public String deserialize(String topic, byte[] data) {
                return null;
            }

            @Override
            public void close() {
                closed.add("deserializer");
            }
        };
        Serde<String> serde = Serdes.serdeFrom(serializer, deserializer);
        assertThrows(IllegalStateException.class, serde::close);
        assertEquals(List.of("serializer", "deserializer"), closed);
    }

    @Test
    void serdeWorksInTryWithResources() {
        try (Serde<Integer> serde = Serdes.Integer()) {
            assertTrue(serde.serializer().serialize(TOPIC, 1).length == 4);
        }
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, value));
    }

    private static void assertPair(Serde<?> serde, Class<?> serializer, Class<?> deserializer) {
        assertInstanceOf(serializer, serde.serializer());
        assertInstanceOf(deserializer, serde.deserializer());
    }
}
