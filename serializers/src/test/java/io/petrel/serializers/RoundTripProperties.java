package io.petrel.serializers;

import static io.petrel.serializers.KafkaReference.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every built-in type: any value survives Petrel's round trip, and Petrel writes the same bytes
 * as Kafka for it.
 */
class RoundTripProperties {

    private static <T> byte[] write(Serializer<T> serializer, T value) {
        return serializer.serialize(TOPIC, value);
    }

    @Property
    void shortsRoundTrip(@ForAll short value) {
        byte[] bytes = write(new ShortSerializer(), value);
        assertEquals(value, new ShortDeserializer().deserialize(TOPIC, bytes));
        assertArrayEquals(KafkaReference.shorts().serialize(value), bytes);
    }

    @Property
    void integersRoundTrip(@ForAll int value) {
        byte[] bytes = write(new IntegerSerializer(), value);
        assertEquals(value, new IntegerDeserializer().deserialize(TOPIC, bytes));
        assertArrayEquals(KafkaReference.integers().serialize(value), bytes);
    }

    @Property
    void longsRoundTrip(@ForAll long value) {
        byte[] bytes = write(new LongSerializer(), value);
        assertEquals(value, new LongDeserializer().deserialize(TOPIC, bytes));
        assertArrayEquals(KafkaReference.longs().serialize(value), bytes);
    }

    /** Every 32-bit pattern, NaNs with payloads and both zeros included, survives bit for bit. */
    @Property
    void floatsRoundTripBitForBit(@ForAll int bits) {
        float value = Float.intBitsToFloat(bits);
        byte[] bytes = write(new FloatSerializer(), value);
        Float read = new FloatDeserializer().deserialize(TOPIC, bytes);
        assertEquals(Float.floatToRawIntBits(value), Float.floatToRawIntBits(read));
        assertArrayEquals(KafkaReference.floats().serialize(value), bytes);
    }

    /** Every 64-bit pattern survives, except that NaN payloads collapse to the canonical NaN. */
    @Property
    void doublesRoundTrip(@ForAll long bits) {
        double value = Double.longBitsToDouble(bits);
        byte[] bytes = write(new DoubleSerializer(), value);
        Double read = new DoubleDeserializer().deserialize(TOPIC, bytes);
        assertEquals(Double.doubleToLongBits(value), Double.doubleToRawLongBits(read));
        assertArrayEquals(KafkaReference.doubles().serialize(value), bytes);
    }

    @Property
    void finiteDoublesRoundTrip(@ForAll double value) {
        assertEquals(value, new DoubleDeserializer().deserialize(TOPIC,
                write(new DoubleSerializer(), value)));
    }

    @Property
    void booleansRoundTrip(@ForAll boolean value) {
        byte[] bytes = write(new BooleanSerializer(), value);
        assertEquals(value, new BooleanDeserializer().deserialize(TOPIC, bytes));
        assertArrayEquals(KafkaReference.booleans().serialize(value), bytes);
    }

    @Property
    void wellFormedStringsRoundTrip(@ForAll("wellFormedStrings") String value) {
        byte[] bytes = write(new StringSerializer(), value);
        assertEquals(value, new StringDeserializer().deserialize(TOPIC, bytes));
        assertArrayEquals(KafkaReference.string().serialize(value), bytes);
    }

    /** Arbitrary char sequences, lone surrogates included: whatever happens, it matches Kafka. */
    @Property
    void anyStringMatchesKafka(@ForAll String value) {
        byte[] bytes = write(new StringSerializer(), value);
        assertArrayEquals(KafkaReference.string().serialize(value), bytes);
        assertEquals(KafkaReference.string().deserialize(bytes),
                new StringDeserializer().deserialize(TOPIC, bytes));
    }

    @Property
    void stringsRoundTripInUtf16(@ForAll("wellFormedStrings") String value) {
        byte[] bytes = write(new StringSerializer(StandardCharsets.UTF_16), value);
        assertEquals(value, new StringDeserializer(StandardCharsets.UTF_16).deserialize(TOPIC, bytes));
        assertArrayEquals(KafkaReference.string(StandardCharsets.UTF_16).serialize(value), bytes);
    }

    @Property
    void uuidsRoundTrip(@ForAll long high, @ForAll long low) {
        UUID value = new UUID(high, low);
        byte[] bytes = write(new UUIDSerializer(), value);
        assertEquals(value, new UUIDDeserializer().deserialize(TOPIC, bytes));
        assertArrayEquals(KafkaReference.uuids().serialize(value), bytes);
    }

    @Property
    void byteArraysRoundTrip(@ForAll byte[] value) {
        byte[] bytes = write(new ByteArraySerializer(), value);
        assertArrayEquals(value, new ByteArrayDeserializer().deserialize(TOPIC, bytes));
        assertArrayEquals(KafkaReference.byteArray().serialize(value), bytes);
    }

    @Property
    void byteBuffersRoundTrip(@ForAll byte[] content) {
        byte[] bytes = write(new ByteBufferSerializer(), ByteBuffer.wrap(content));
        assertEquals(ByteBuffer.wrap(content), new ByteBufferDeserializer().deserialize(TOPIC, bytes));
        assertArrayEquals(KafkaReference.byteBuffer().serialize(ByteBuffer.wrap(content)), bytes);
    }

    @Example
    void voidRoundTrips() {
        assertEquals(null, new VoidDeserializer().deserialize(TOPIC,
                write(new VoidSerializer(), null)));
    }

    /** Strings of valid code points only: no unpaired surrogates, which UTF-8 cannot carry. */
    @Provide
    Arbitrary<String> wellFormedStrings() {
        Arbitrary<Integer> codePoints = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 0x7F),
                Arbitraries.integers().between(0x80, Character.MIN_SURROGATE - 1),
                Arbitraries.integers().between(Character.MAX_SURROGATE + 1, 0xFFFF),
                Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT));
        return codePoints.list().ofMaxSize(50).map(list -> {
            StringBuilder builder = new StringBuilder();
            list.forEach(builder::appendCodePoint);
            return builder.toString();
        });
    }
}
