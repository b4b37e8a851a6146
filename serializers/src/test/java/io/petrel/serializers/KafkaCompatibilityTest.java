package io.petrel.serializers;

import static io.petrel.serializers.KafkaReference.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Oracle tests: for a spread of values, Petrel's built-ins must write exactly the bytes Kafka's
 * built-ins write, and must read Kafka-written bytes back to the same values.
 */
class KafkaCompatibilityTest {

    private static final List<Short> SHORTS = List.of(
            Short.MIN_VALUE, (short) (Short.MIN_VALUE + 1), (short) -256, (short) -1, (short) 0,
            (short) 1, (short) 127, (short) 128, (short) 255, (short) 256, (short) 0x1234,
            (short) (Short.MAX_VALUE - 1), Short.MAX_VALUE);

    private static final List<Integer> INTEGERS = List.of(
            Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -65_536, -256, -1, 0, 1, 127, 128, 255, 256,
            65_535, 65_536, 0x12345678, 0x80000001, Integer.MAX_VALUE - 1, Integer.MAX_VALUE);

    private static final List<Long> LONGS = List.of(
            Long.MIN_VALUE, Long.MIN_VALUE + 1, (long) Integer.MIN_VALUE - 1, -256L, -1L, 0L, 1L,
            255L, 256L, (long) Integer.MAX_VALUE + 1, 0x0102030405060708L, 0x8000000000000001L,
            Long.MAX_VALUE - 1, Long.MAX_VALUE);

    private static final List<Float> FLOATS = List.of(
            0.0f, -0.0f, 1.0f, -1.0f, 3.1415927f, -2.5e-10f, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN,
            Float.intBitsToFloat(0x7fc00001), // quiet NaN with a payload
            Float.intBitsToFloat(0xffc00000), // negative NaN
            Float.intBitsToFloat(0x7fbfffff)); // largest-payload NaN below the quiet bit

    private static final List<Double> DOUBLES = List.of(
            0.0, -0.0, 1.0, -1.0, Math.PI, -2.5e-300, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0x7ff8000000000001L), // quiet NaN with a payload
            Double.longBitsToDouble(0xfff8000000000000L), // negative NaN
            (double) Float.MAX_VALUE);

    private static final List<String> STRINGS = List.of(
            "", "a", "Petrel", "hello, world", "héllo wörld ÿ", "Ελληνικά", "日本語のテキスト",
            "emoji \uD83D\uDE00 and \uD83E\uDD85", "\u0000nul", "line\nbreak\ttab\r",
            "lone surrogate \uD800 here", "x".repeat(10_000), "\uFFFD\uFEFF");

    private static final List<Charset> CHARSETS = List.of(
            StandardCharsets.UTF_8, StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
            StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII, Charset.forName("windows-1252"),
            Charset.forName("Shift_JIS"), Charset.forName("GB18030"));

    // ---------------------------------------------------------------- numbers and booleans

    @TestFactory
    Stream<DynamicTest> shortsMatchKafka() {
        return oracle("Short", Serdes.Short(), KafkaReference.shorts(), SHORTS, Object::equals);
    }

    @TestFactory
    Stream<DynamicTest> integersMatchKafka() {
        return oracle("Integer", Serdes.Integer(), KafkaReference.integers(), INTEGERS,
                Object::equals);
    }

    @TestFactory
    Stream<DynamicTest> longsMatchKafka() {
        return oracle("Long", Serdes.Long(), KafkaReference.longs(), LONGS, Object::equals);
    }

    @TestFactory
    Stream<DynamicTest> floatsMatchKafkaBitForBit() {
        return oracle("Float", Serdes.Float(), KafkaReference.floats(), FLOATS,
                (a, b) -> Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b));
    }

    @TestFactory
    Stream<DynamicTest> doublesMatchKafkaBitForBit() {
        // Kafka writes doubleToLongBits, so NaN payloads collapse to the canonical NaN on the
        // wire; compare raw bits of what both sides read back, and Double.equals with the input.
        return oracle("Double", Serdes.Double(), KafkaReference.doubles(), DOUBLES,
                (a, b) -> Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b),
                v -> !Double.isNaN(v) || Double.doubleToRawLongBits(v) == 0x7ff8000000000000L);
    }

    @Test
    void floatNanPayloadSurvivesButDoubleNanPayloadIsCanonicalized() {
        byte[] floatBytes = new FloatSerializer().serialize(TOPIC, Float.intBitsToFloat(0x7fc00001));
        assertArrayEquals(new byte[] {0x7f, (byte) 0xc0, 0x00, 0x01}, floatBytes);

        byte[] doubleBytes =
                new DoubleSerializer().serialize(TOPIC, Double.longBitsToDouble(0xfff8000000000001L));
        assertArrayEquals(new byte[] {0x7f, (byte) 0xf8, 0, 0, 0, 0, 0, 0}, doubleBytes);
    }

    @Test
    void negativeZeroKeepsItsSignBit() {
        assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, 0},
                new FloatSerializer().serialize(TOPIC, -0.0f));
        assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0},
                new DoubleSerializer().serialize(TOPIC, -0.0));
    }

    @TestFactory
    Stream<DynamicTest> booleansMatchKafka() {
        return oracle("Boolean", Serdes.Boolean(), KafkaReference.booleans(),
                List.of(true, false), Object::equals);
    }

    @Test
    void knownByteLayouts() {
        assertArrayEquals(new byte[] {0x12, 0x34}, new ShortSerializer().serialize(TOPIC, (short) 0x1234));
        assertArrayEquals(new byte[] {0x12, 0x34, 0x56, 0x78},
                new IntegerSerializer().serialize(TOPIC, 0x12345678));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                new LongSerializer().serialize(TOPIC, 0x0102030405060708L));
        assertArrayEquals(new byte[] {0x3f, (byte) 0x80, 0, 0}, new FloatSerializer().serialize(TOPIC, 1.0f));
        assertArrayEquals(new byte[] {0x3f, (byte) 0xf0, 0, 0, 0, 0, 0, 0},
                new DoubleSerializer().serialize(TOPIC, 1.0));
        assertArrayEquals(new byte[] {1}, new BooleanSerializer().serialize(TOPIC, true));
        assertArrayEquals(new byte[] {0}, new BooleanSerializer().serialize(TOPIC, false));
    }

    // ---------------------------------------------------------------- text

    @TestFactory
    Stream<DynamicTest> stringsMatchKafkaInUtf8ByDefault() {
        return oracle("String", Serdes.String(), KafkaReference.string(), STRINGS, Object::equals,
                KafkaCompatibilityTest::isWellFormed);
    }

    @TestFactory
    Stream<DynamicTest> stringsMatchKafkaInOtherCharsetsConfiguredByKey() {
        return CHARSETS.stream().flatMap(charset -> {
            Serde<String> petrel = Serdes.String();
            petrel.configure(Map.of(
                    "value.serializer.encoding", charset.name(),
                    "value.deserializer.encoding", charset.name()), false);
            return oracle("String/" + charset.name(), petrel, KafkaReference.string(charset),
                    STRINGS, Object::equals, s -> isWellFormed(s) && charset.newEncoder().canEncode(s));
        });
    }

    @TestFactory
    Stream<DynamicTest> stringsMatchKafkaInOtherCharsetsGivenToConstructor() {
        return CHARSETS.stream().flatMap(charset -> oracle("String(Charset)/" + charset.name(),
                Serdes.serdeFrom(new StringSerializer(charset), new StringDeserializer(charset)),
                KafkaReference.string(charset), STRINGS, Object::equals,
                s -> isWellFormed(s) && charset.newEncoder().canEncode(s)));
    }

    @TestFactory
    Stream<DynamicTest> uuidsMatchKafka() {
        Random random = new Random(42);
        List<UUID> uuids = new ArrayList<>(List.of(
                new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, Long.MAX_VALUE),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                UUID.nameUUIDFromBytes("petrel".getBytes(StandardCharsets.UTF_8))));
        for (int i = 0; i < 10; i++) {
            uuids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        return oracle("UUID", Serdes.UUID(), KafkaReference.uuids(), uuids, Object::equals);
    }

    @Test
    void uuidIsWrittenAsItsCanonicalString() {
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertEquals("123e4567-e89b-12d3-a456-426614174000",
                new String(new UUIDSerializer().serialize(TOPIC, uuid), StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- raw bytes

    @TestFactory
    Stream<DynamicTest> byteArraysMatchKafka() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] large = new byte[100_000];
        new Random(7).nextBytes(large);
        return oracle("byte[]", Serdes.ByteArray(), KafkaReference.byteArray(),
                List.of(new byte[0], new byte[] {0}, new byte[] {-1}, everyByte, large),
                Arrays::equals);
    }

    @TestFactory
    Stream<DynamicTest> byteBuffersMatchKafka() {
        byte[] content = "some buffered bytes".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(content.length).put(content).flip();
        ByteBuffer flippedLarger = ByteBuffer.allocate(64).put(content).flip();
        ByteBuffer slice = ByteBuffer.wrap(new byte[40]).position(5).slice().put(content).flip();
        ByteBuffer littleEndian = ByteBuffer.wrap(content.clone()).order(ByteOrder.LITTLE_ENDIAN);
        return oracle("ByteBuffer", Serdes.ByteBuffer(), KafkaReference.byteBuffer(),
                List.of(ByteBuffer.wrap(new byte[0]), ByteBuffer.wrap(content), direct,
                        flippedLarger, slice, littleEndian, ByteBuffer.wrap(content).asReadOnlyBuffer()),
                ByteBuffer::equals);
    }

    @Test
    void byteBufferWithAdvancedPositionIsWrittenFromIndexZeroLikeKafka() {
        byte[] content = {10, 20, 30, 40, 50};
        ByteBuffer forKafka = ByteBuffer.wrap(content).position(2);
        ByteBuffer forPetrel = ByteBuffer.wrap(content).position(2);

        byte[] expected = KafkaReference.byteBuffer().serialize(forKafka);
        byte[] actual = new ByteBufferSerializer().serialize(TOPIC, forPetrel);

        assertArrayEquals(expected, actual);
        assertArrayEquals(content, actual);
        assertEquals(2, forPetrel.position(), "Petrel must not move the caller's position");
    }

    @TestFactory
    Stream<DynamicTest> voidMatchesKafka() {
        return Stream.of(dynamicTest("Void null", () -> {
            assertEquals(null, KafkaReference.voids().serialize(null));
            assertEquals(null, new VoidSerializer().serialize(TOPIC, null));
            assertEquals(null, new VoidDeserializer().deserialize(TOPIC, (byte[]) null));
        }));
    }

    // ---------------------------------------------------------------- the oracle

    private static <T> Stream<DynamicTest> oracle(String type, Serde<T> petrel,
            KafkaReference.Pair<T> kafka, List<T> values, BiPredicate<T, T> same) {
        return oracle(type, petrel, kafka, values, same, v -> true);
    }

    /**
     * For each value: Petrel writes Kafka's bytes; Petrel reads Kafka's bytes (as an array and as
     * a buffer embedded at an offset in a larger array) to what Kafka reads from them; and, where
     * the value survives Kafka's own round trip, to the value itself.
     */
    private static <T> Stream<DynamicTest> oracle(String type, Serde<T> petrel,
            KafkaReference.Pair<T> kafka, List<T> values, BiPredicate<T, T> same,
            Predicate<T> survivesRoundTrip) {
        Function<T, String> describe = KafkaCompatibilityTest::describe;
        return values.stream().map(value -> dynamicTest(type + " " + describe.apply(value), () -> {
            byte[] kafkaBytes = kafka.serialize(copyIfBuffer(value));
            byte[] petrelBytes = petrel.serializer().serialize(TOPIC, copyIfBuffer(value));
            assertArrayEquals(kafkaBytes, petrelBytes, "bytes written for " + describe.apply(value));

            T kafkaRead = kafka.deserialize(kafkaBytes);
            T petrelRead = petrel.deserializer().deserialize(TOPIC, kafkaBytes);
            assertTrue(same.test(kafkaRead, petrelRead),
                    "read from Kafka bytes: Kafka " + describe(kafkaRead) + ", Petrel " + describe(petrelRead));

            T petrelReadWithHeaders =
                    petrel.deserializer().deserialize(TOPIC, new RecordHeaders(), kafkaBytes);
            assertTrue(same.test(kafkaRead, petrelReadWithHeaders), "headers-aware byte[] read");

            ByteBuffer embedded = embed(kafkaBytes, 3, 5);
            T petrelBufferRead = petrel.deserializer().deserialize(TOPIC, new RecordHeaders(), embedded);
            assertTrue(same.test(kafkaRead, petrelBufferRead),
                    "read from a buffer at an offset: " + describe(petrelBufferRead));
            assertEquals(3, embedded.position(), "position must be left alone");
            assertEquals(3 + kafkaBytes.length, embedded.limit(), "limit must be left alone");
            T kafkaBufferRead = kafka.deserialize(embed(kafkaBytes, 3, 5));
            assertTrue(same.test(kafkaBufferRead, petrelBufferRead), "buffer read agrees with Kafka");

            ByteBuffer direct = ByteBuffer.allocateDirect(kafkaBytes.length + 2);
            direct.put((byte) 99).put(kafkaBytes).put((byte) 99).position(1).limit(1 + kafkaBytes.length);
            T petrelDirectRead = petrel.deserializer().deserialize(TOPIC, new RecordHeaders(), direct);
            assertTrue(same.test(kafkaRead, petrelDirectRead), "read from a direct buffer");

            if (survivesRoundTrip.test(value)) {
                assertTrue(same.test(value, petrelRead),
                        "round trip: wrote " + describe(value) + ", read " + describe(petrelRead));
            }
        }));
    }

    /** Kafka's ByteBufferSerializer rewinds its argument, so give each side its own view. */
    @SuppressWarnings("unchecked")
    private static <T> T copyIfBuffer(T value) {
        return value instanceof ByteBuffer buffer ? (T) buffer.duplicate() : value;
    }

    private static ByteBuffer embed(byte[] bytes, int before, int after) {
        byte[] backing = new byte[before + bytes.length + after];
        Arrays.fill(backing, (byte) 0x5A);
        System.arraycopy(bytes, 0, backing, before, bytes.length);
        return ByteBuffer.wrap(backing, before, bytes.length);
    }

    private static boolean isWellFormed(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    private static String describe(Object value) {
        if (value instanceof Float f) {
            return f + String.format(" (0x%08x)", Float.floatToRawIntBits(f));
        }
        if (value instanceof Double d) {
            return d + String.format(" (0x%016x)", Double.doubleToRawLongBits(d));
        }
        if (value instanceof byte[] bytes) {
            return "byte[" + bytes.length + "]";
        }
        if (value instanceof String s && s.length() > 40) {
            return "\"" + s.substring(0, 40) + "...\" (" + s.length() + " chars)";
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }
}
