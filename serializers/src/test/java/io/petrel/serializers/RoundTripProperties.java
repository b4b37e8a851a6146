package io.petrel.serializers;

import static io.petrel.serializers.KafkaReference.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * For every built-in type: any value survives Petrel's round trip, and Petrel writes the same bytes
 * as Kafka for it.
 *
 * <p>Each property checks its edge values first (zero, one, minus one, the extremes, NaN and infinity
 * bit patterns, empty and one-element arrays and strings, lone surrogates), then {@link #TRIES} values
 * from a seeded generator; shorts and booleans are checked exhaustively. Every assertion names the
 * value, and for generated strings and arrays the seed, that reproduces it.
 */
class RoundTripProperties {

    private static final int TRIES = 10_000;

    private static final long[] LONG_EDGES = {0, 1, -1, 2, -2, 127, 128, -128, -129, 255, 256,
            Integer.MAX_VALUE, Integer.MIN_VALUE, (long) Integer.MAX_VALUE + 1, (long) Integer.MIN_VALUE - 1,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1};

    private static final int[] INT_EDGES = {0, 1, -1, 2, -2, 127, 128, -128, -129, 255, 256, 65_535, 65_536,
            Short.MAX_VALUE, Short.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
            Integer.MIN_VALUE + 1};

    /** Float bit patterns: zeros, subnormals, normals' ends, infinities, and NaNs of every kind. */
    private static final int[] FLOAT_BIT_EDGES = {0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff,
            0x00800000, 0x3f800000, 0xbf800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000,
            0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fc00001, 0x7fbfffff, 0x7fffffff, 0xffffffff};

    /** Double bit patterns: zeros, subnormals, normals' ends, infinities, and NaNs of every kind. */
    private static final long[] DOUBLE_BIT_EDGES = {0x0000000000000000L, 0x8000000000000000L, 0x0000000000000001L,
            0x8000000000000001L, 0x000fffffffffffffL, 0x0010000000000000L, 0x3ff0000000000000L,
            0xbff0000000000000L, 0x7fefffffffffffffL, 0xffefffffffffffffL, 0x7ff0000000000000L,
            0xfff0000000000000L, 0x7ff8000000000000L, 0xfff8000000000000L, 0x7ff0000000000001L,
            0xfff0000000000001L, 0x7ff8000000000001L, 0x7ff7ffffffffffffL, 0x7fffffffffffffffL,
            0xffffffffffffffffL};

    private static final double[] FINITE_DOUBLE_EDGES = {0.0, -0.0, 1.0, -1.0, 0.01, -0.01, 0.5, 2.0,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MAX_VALUE,
            -Double.MAX_VALUE, Math.PI, 1e-300, -1e300, (double) Float.MAX_VALUE, (double) Long.MAX_VALUE};

    private static final byte[] EDGE_BYTES = {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE};

    /** Code points at the ends of the four ranges {@link #wellFormedString} draws from. */
    private static final int[] CODE_POINT_EDGES = {0, 0x7F, 0x80, Character.MIN_SURROGATE - 1,
            Character.MAX_SURROGATE + 1, 0xFFFF, 0x10000, Character.MAX_CODE_POINT};

    private static <T> byte[] write(Serializer<T> serializer, T value) {
        return serializer.serialize(TOPIC, value);
    }

    @Test
    void shortsRoundTrip() {
        for (int v = Short.MIN_VALUE; v <= Short.MAX_VALUE; v++) {
            short value = (short) v;
            byte[] bytes = write(new ShortSerializer(), value);
            assertEquals(value, new ShortDeserializer().deserialize(TOPIC, bytes), "short " + value);
            assertArrayEquals(KafkaReference.shorts().serialize(value), bytes, "short " + value);
        }
    }

    @Test
    void integersRoundTrip() {
        forEachInt(20261101L, value -> {
            byte[] bytes = write(new IntegerSerializer(), value);
            assertEquals(value, new IntegerDeserializer().deserialize(TOPIC, bytes), "int " + value);
            assertArrayEquals(KafkaReference.integers().serialize(value), bytes, "int " + value);
        });
    }

    @Test
    void longsRoundTrip() {
        forEachLong(20261102L, value -> {
            byte[] bytes = write(new LongSerializer(), value);
            assertEquals(value, new LongDeserializer().deserialize(TOPIC, bytes), "long " + value);
            assertArrayEquals(KafkaReference.longs().serialize(value), bytes, "long " + value);
        });
    }

    /** Every 32-bit pattern, NaNs with payloads and both zeros included, survives bit for bit. */
    @Test
    void floatsRoundTripBitForBit() {
        List<Integer> patterns = new ArrayList<>();
        for (int bits : FLOAT_BIT_EDGES) {
            patterns.add(bits);
        }
        for (int bits : INT_EDGES) {
            patterns.add(bits);
        }
        Random random = new Random(20261103L);
        for (int i = 0; i < TRIES; i++) {
            switch (random.nextInt(3)) {
                case 0 -> patterns.add(random.nextInt()); // any exponent
                case 1 -> patterns.add(smallInt(random)); // mostly subnormals
                default -> patterns.add(nanBits(random));
            }
        }
        for (int bits : patterns) {
            String what = "float bits 0x" + Integer.toHexString(bits);
            float value = Float.intBitsToFloat(bits);
            byte[] bytes = write(new FloatSerializer(), value);
            Float read = new FloatDeserializer().deserialize(TOPIC, bytes);
            assertEquals(Float.floatToRawIntBits(value), Float.floatToRawIntBits(read), what);
            assertArrayEquals(KafkaReference.floats().serialize(value), bytes, what);
        }
    }

    /** Every 64-bit pattern survives, except that NaN payloads collapse to the canonical NaN. */
    @Test
    void doublesRoundTrip() {
        List<Long> patterns = new ArrayList<>();
        for (long bits : DOUBLE_BIT_EDGES) {
            patterns.add(bits);
        }
        for (long bits : LONG_EDGES) {
            patterns.add(bits);
        }
        Random random = new Random(20261104L);
        for (int i = 0; i < TRIES; i++) {
            switch (random.nextInt(3)) {
                case 0 -> patterns.add(random.nextLong()); // any exponent
                case 1 -> patterns.add(smallLong(random)); // mostly subnormals
                default -> patterns.add(nanBits(random.nextLong()));
            }
        }
        for (long bits : patterns) {
            String what = "double bits 0x" + Long.toHexString(bits);
            double value = Double.longBitsToDouble(bits);
            byte[] bytes = write(new DoubleSerializer(), value);
            Double read = new DoubleDeserializer().deserialize(TOPIC, bytes);
            assertEquals(Double.doubleToLongBits(value), Double.doubleToRawLongBits(read), what);
            assertArrayEquals(KafkaReference.doubles().serialize(value), bytes, what);
        }
    }

    @Test
    void finiteDoublesRoundTrip() {
        List<Double> values = new ArrayList<>();
        for (double value : FINITE_DOUBLE_EDGES) {
            values.add(value);
        }
        Random random = new Random(20261105L);
        for (int i = 0; i < TRIES; i++) {
            switch (random.nextInt(3)) {
                case 0 -> { // any finite bit pattern
                    double value;
                    do {
                        value = Double.longBitsToDouble(random.nextLong());
                    } while (!Double.isFinite(value));
                    values.add(value);
                }
                case 1 -> values.add(smallLong(random) / 100.0); // two decimal places, mostly small
                default -> values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
            }
        }
        for (double value : values) {
            assertEquals(value, new DoubleDeserializer().deserialize(TOPIC,
                    write(new DoubleSerializer(), value)), "double " + value);
        }
    }

    @Test
    void booleansRoundTrip() {
        for (boolean value : new boolean[] {false, true}) {
            byte[] bytes = write(new BooleanSerializer(), value);
            assertEquals(value, new BooleanDeserializer().deserialize(TOPIC, bytes), "boolean " + value);
            assertArrayEquals(KafkaReference.booleans().serialize(value), bytes, "boolean " + value);
        }
    }

    @Test
    void wellFormedStringsRoundTrip() {
        forEachWellFormedString(20261106L, (value, what) -> {
            byte[] bytes = write(new StringSerializer(), value);
            assertEquals(value, new StringDeserializer().deserialize(TOPIC, bytes), what);
            assertArrayEquals(KafkaReference.string().serialize(value), bytes, what);
        });
    }

    /** Arbitrary char sequences, lone surrogates included: whatever happens, it matches Kafka. */
    @Test
    void anyStringMatchesKafka() {
        List<String> edges = new ArrayList<>(List.of("", "\u0000", "a", "\uD800", "\uDBFF", "\uDC00", "\uDFFF",
                "\uDC00\uD800", "a\uD800", "\uDFFFa", "\uD83D\uDE00", "\uD83D\uDE00\uD83D", "\uFFFE", "\uFFFF",
                "\uFFFD", "\u007F\u0080", "\u07FF\u0800"));
        for (String value : edges) {
            anyStringMatchesKafka(value, "edge case " + escape(value));
        }
        Random seeds = new Random(20261107L);
        for (int i = 0; i < TRIES; i++) {
            long seed = seeds.nextLong();
            String value = anyString(new Random(seed));
            anyStringMatchesKafka(value, "try " + i + " seed " + seed + ": " + escape(value));
        }
    }

    private static void anyStringMatchesKafka(String value, String what) {
        byte[] bytes = write(new StringSerializer(), value);
        assertArrayEquals(KafkaReference.string().serialize(value), bytes, what);
        assertEquals(KafkaReference.string().deserialize(bytes),
                new StringDeserializer().deserialize(TOPIC, bytes), what);
    }

    @Test
    void stringsRoundTripInUtf16() {
        forEachWellFormedString(20261108L, (value, what) -> {
            byte[] bytes = write(new StringSerializer(StandardCharsets.UTF_16), value);
            assertEquals(value, new StringDeserializer(StandardCharsets.UTF_16).deserialize(TOPIC, bytes), what);
            assertArrayEquals(KafkaReference.string(StandardCharsets.UTF_16).serialize(value), bytes, what);
        });
    }

    @Test
    void uuidsRoundTrip() {
        List<UUID> values = new ArrayList<>();
        for (long high : LONG_EDGES) {
            for (long low : LONG_EDGES) {
                values.add(new UUID(high, low));
            }
        }
        Random random = new Random(20261109L);
        for (int i = 0; i < TRIES; i++) {
            values.add(new UUID(anyLong(random), anyLong(random)));
        }
        for (UUID value : values) {
            byte[] bytes = write(new UUIDSerializer(), value);
            assertEquals(value, new UUIDDeserializer().deserialize(TOPIC, bytes), "uuid " + value);
            assertArrayEquals(KafkaReference.uuids().serialize(value), bytes, "uuid " + value);
        }
    }

    @Test
    void byteArraysRoundTrip() {
        forEachByteArray(20261110L, (value, what) -> {
            byte[] bytes = write(new ByteArraySerializer(), value);
            assertArrayEquals(value, new ByteArrayDeserializer().deserialize(TOPIC, bytes), what);
            assertArrayEquals(KafkaReference.byteArray().serialize(value), bytes, what);
        });
    }

    @Test
    void byteBuffersRoundTrip() {
        forEachByteArray(20261111L, (content, what) -> {
            byte[] bytes = write(new ByteBufferSerializer(), ByteBuffer.wrap(content));
            assertEquals(ByteBuffer.wrap(content), new ByteBufferDeserializer().deserialize(TOPIC, bytes), what);
            assertArrayEquals(KafkaReference.byteBuffer().serialize(ByteBuffer.wrap(content)), bytes, what);
        });
    }

    @Test
    void voidRoundTrips() {
        assertEquals(null, new VoidDeserializer().deserialize(TOPIC,
                write(new VoidSerializer(), null)));
    }

    // ---------------------------------------------------------------- generators

    /** A check of one generated value, told how to name it in a failure message. */
    private interface Check<T> {
        void accept(T value, String what);
    }

    private static void forEachInt(long seed, IntConsumer check) {
        for (int value : INT_EDGES) {
            check.accept(value);
        }
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            check.accept(random.nextBoolean() ? random.nextInt() : smallInt(random));
        }
    }

    private static void forEachLong(long seed, LongConsumer check) {
        for (long value : LONG_EDGES) {
            check.accept(value);
        }
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            check.accept(anyLong(random));
        }
    }

    /** Uniform half the time, otherwise of a random bit length, so small magnitudes are common. */
    private static long anyLong(Random random) {
        return random.nextBoolean() ? random.nextLong() : smallLong(random);
    }

    private static int smallInt(Random random) {
        return random.nextInt() >> random.nextInt(32);
    }

    private static long smallLong(Random random) {
        return random.nextLong() >> random.nextInt(64);
    }

    /** A float NaN: all exponent bits set, a random sign and a random non-zero payload. */
    private static int nanBits(Random random) {
        int payload = random.nextInt() & 0x007fffff;
        return (random.nextInt() & 0x80000000) | 0x7f800000 | (payload == 0 ? 1 : payload);
    }

    /** A double NaN: all exponent bits set, the sign and a non-zero payload taken from {@code random}. */
    private static long nanBits(long random) {
        long payload = random & 0x000fffffffffffffL;
        return (random & 0x8000000000000000L) | 0x7ff0000000000000L | (payload == 0 ? 1 : payload);
    }

    private static void forEachByteArray(long seed, Check<byte[]> check) {
        check.accept(new byte[0], "edge case, empty array");
        for (byte b : EDGE_BYTES) {
            check.accept(new byte[] {b}, "edge case, array [" + b + "]");
        }
        Random seeds = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            long trySeed = seeds.nextLong();
            byte[] value = bytes(new Random(trySeed));
            check.accept(value, "try " + i + " seed " + trySeed + ": " + value.length + " bytes"
                    + (value.length <= 32 ? " [" + HexFormat.of().formatHex(value) + "]" : ""));
        }
    }

    /**
     * Up to 1000 bytes, most often few: the size half the time below 256, a quarter of the time on a
     * log scale; the content mostly uniform, sometimes edge values mixed in.
     */
    private static byte[] bytes(Random random) {
        int size = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(1001);
            case 1 -> random.nextInt(1 << random.nextInt(11));
            default -> random.nextInt(256);
        };
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        if (random.nextInt(4) == 0) {
            for (int i = 0; i < size; i++) {
                if (random.nextBoolean()) {
                    bytes[i] = EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
                }
            }
        }
        return bytes;
    }

    private static void forEachWellFormedString(long seed, Check<String> check) {
        check.accept("", "edge case, empty string");
        for (int codePoint : CODE_POINT_EDGES) {
            String value = new StringBuilder().appendCodePoint(codePoint).toString();
            check.accept(value, "edge case " + escape(value));
        }
        Random seeds = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            long trySeed = seeds.nextLong();
            String value = wellFormedString(new Random(trySeed));
            check.accept(value, "try " + i + " seed " + trySeed + ": " + escape(value));
        }
    }

    /**
     * Strings of valid code points only: no unpaired surrogates, which UTF-8 cannot carry. Up to 50 code
     * points, each from one of four ranges picked with equal odds: ASCII, the rest of the BMP below the
     * surrogates, the BMP above them, and the supplementary planes.
     */
    private static String wellFormedString(Random random) {
        int length = random.nextBoolean() ? random.nextInt(51) : random.nextInt(6);
        StringBuilder builder = new StringBuilder();
        for (int i = 0; i < length; i++) {
            builder.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> between(random, 0, 0x7F);
                case 1 -> between(random, 0x80, Character.MIN_SURROGATE - 1);
                case 2 -> between(random, Character.MAX_SURROGATE + 1, 0xFFFF);
                default -> between(random, 0x10000, Character.MAX_CODE_POINT);
            });
        }
        return builder.toString();
    }

    /**
     * Any chars at all, up to 300 of them: uniform over all 65536 chars, ASCII, or surrogates (high or
     * low, so pairs, reversed pairs and lone halves all occur).
     */
    private static String anyString(Random random) {
        int length = switch (random.nextInt(3)) {
            case 0 -> random.nextInt(301);
            case 1 -> random.nextInt(20);
            default -> random.nextInt(4);
        };
        StringBuilder builder = new StringBuilder();
        for (int i = 0; i < length; i++) {
            builder.append((char) switch (random.nextInt(3)) {
                case 0 -> random.nextInt(0x10000);
                case 1 -> random.nextInt(0x80);
                default -> between(random, Character.MIN_SURROGATE, Character.MAX_SURROGATE);
            });
        }
        return builder.toString();
    }

    private static int between(Random random, int min, int max) {
        return random.nextInt(min, max + 1);
    }

    /** The string with every char outside printable ASCII written as a Java escape. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.append('"').toString();
    }
}
