package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * decompress(compress(x)) == x, for every codec, level, input and way of writing it.
 *
 * <p>Each property first runs its edge cases (every codec at its lowest and highest level, with empty,
 * one-byte and largest inputs), then its random tries. Every try draws its own seed from a fixed one,
 * and every assertion names the codec, level, input and seed: {@code new Random(seed)} fed to the same
 * generators replays it.
 */
class RoundTripPropertyTest {

    private static final CompressionType[] TYPES = CompressionType.values();
    private static final byte[] EDGE_BYTES = {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE};
    private static final int MAX_REPETITIVE_SIZE = 200_000;

    /** A codec at one of its levels; codecs without levels are made without one. */
    record Level(CompressionType type, int level) {
        Codec codec() {
            return type.hasLevels() ? Codec.of(type, level) : Codec.of(type);
        }

        @Override
        public String toString() {
            return type.hasLevels() ? type.configName() + " level " + level : type.configName();
        }
    }

    /** Bytes to compress, with a description short enough for a failure message. */
    record Payload(byte[] data, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    @Test
    void bufferRoundTrip() {
        for (Level codec : edgeCodecs()) {
            for (Payload payload : edgePayloads()) {
                bufferRoundTrip(codec, payload, "edge case");
            }
        }
        Random seeds = new Random(20261125L);
        for (int i = 0; i < 400; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            bufferRoundTrip(codec(random), payload(random), "try " + i + " seed " + seed);
        }
    }

    private static void bufferRoundTrip(Level level, Payload payload, String what) {
        Codec codec = level.codec();
        byte[] data = payload.data();
        byte[] compressed = Samples.compress(codec, data);

        assertArrayEquals(data, Samples.decompress(codec, compressed, data.length),
                what + ": " + level + ", " + payload);
    }

    @Test
    void streamRoundTripWithArbitraryWriteSizes() throws IOException {
        for (Level codec : edgeCodecs()) {
            for (Payload payload : edgePayloads()) {
                for (int writeSize : new int[] {1, 70_000}) {
                    streamRoundTrip(codec, payload, writeSize, "edge case");
                }
            }
        }
        Random seeds = new Random(20261126L);
        for (int i = 0; i < 300; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            Level codec = codec(random);
            Payload payload = payload(random);
            int writeSize = random.nextInt(4) == 0 ? between(random, 1, 16) : between(random, 1, 70_000);
            streamRoundTrip(codec, payload, writeSize, "try " + i + " seed " + seed);
        }
    }

    private static void streamRoundTrip(Level level, Payload payload, int writeSize, String what)
            throws IOException {
        Codec codec = level.codec();
        byte[] data = payload.data();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = codec.compressingStream(sink)) {
            for (int offset = 0; offset < data.length; offset += writeSize) {
                out.write(data, offset, Math.min(writeSize, data.length - offset));
            }
        }

        try (InputStream in = codec.decompressingStream(new ByteArrayInputStream(sink.toByteArray()), data.length)) {
            assertArrayEquals(data, in.readAllBytes(),
                    what + ": " + level + ", " + payload + ", written " + writeSize + " bytes at a time");
        }
    }

    @Test
    void kafkaReadsWhatPetrelWritesAtAnyLevel() {
        for (Level codec : edgeCodecs()) {
            for (byte[] data : edgeArrays()) {
                kafkaReads(codec, data, "edge case");
            }
        }
        Random seeds = new Random(20261127L);
        for (int i = 0; i < 200; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            Level codec = codec(random);
            byte[] data = bytes(random, 3000);
            kafkaReads(codec, data, "try " + i + " seed " + seed);
        }
    }

    private static void kafkaReads(Level level, byte[] data, String what) {
        byte[] compressed = Samples.compress(level.codec(), data);

        assertArrayEquals(data, KafkaReference.decompress(KafkaReference.compression(level.type()), compressed),
                what + ": " + level + ", " + describe(data));
    }

    /** Every codec at its lowest and its highest level, or without a level if it has none. */
    private static List<Level> edgeCodecs() {
        List<Level> codecs = new ArrayList<>();
        for (CompressionType type : TYPES) {
            if (type.hasLevels()) {
                codecs.add(new Level(type, type.minLevel()));
                codecs.add(new Level(type, type.maxLevel()));
            } else {
                codecs.add(new Level(type, 0));
            }
        }
        return codecs;
    }

    /**
     * Any codec at any level it accepts: half the time uniform over its levels, half the time within a
     * random power of two of its level nearest zero, so the usual small levels come up often.
     */
    private static Level codec(Random random) {
        CompressionType type = TYPES[random.nextInt(TYPES.length)];
        if (!type.hasLevels()) {
            return new Level(type, 0);
        }
        int min = type.minLevel();
        int max = type.maxLevel();
        if (random.nextBoolean()) {
            return new Level(type, between(random, min, max));
        }
        int nearZero = Math.max(min, Math.min(max, 0));
        int reach = 1 << random.nextInt(18);
        return new Level(type, between(random, Math.max(min, nearZero - reach), Math.min(max, nearZero + reach)));
    }

    /** The empty array and every one-byte array of an edge value. */
    private static List<byte[]> edgeArrays() {
        List<byte[]> arrays = new ArrayList<>();
        arrays.add(new byte[0]);
        for (byte b : EDGE_BYTES) {
            arrays.add(new byte[] {b});
        }
        return arrays;
    }

    /**
     * The edge arrays, and repetitive payloads of the smallest and largest sizes (only two of the
     * largest: zstd at level 22 takes most of a second over 200 KB).
     */
    private static List<Payload> edgePayloads() {
        List<Payload> payloads = new ArrayList<>();
        for (byte[] array : edgeArrays()) {
            payloads.add(new Payload(array, "random " + describe(array)));
        }
        byte[] longUnit = new byte[20];
        new Random(20).nextBytes(longUnit);
        for (byte[] unit : new byte[][] {{0}, {-1}, longUnit}) {
            for (int size : new int[] {0, 1, 2}) {
                payloads.add(repetitive(unit, size));
            }
        }
        payloads.add(repetitive(new byte[] {0}, MAX_REPETITIVE_SIZE));
        payloads.add(repetitive(longUnit, MAX_REPETITIVE_SIZE - 1));
        return payloads;
    }

    /** Random bytes, or repetitive bytes (runs drawn from a small alphabet) that actually compress. */
    private static Payload payload(Random random) {
        if (random.nextBoolean()) {
            byte[] data = bytes(random, 5000);
            return new Payload(data, "random " + describe(data));
        }
        byte[] unit = fill(random, new byte[1 + size(random, 19)]);
        return repetitive(unit, size(random, MAX_REPETITIVE_SIZE));
    }

    private static Payload repetitive(byte[] unit, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = unit[(i / 3) % unit.length];
        }
        return new Payload(out, size + " bytes repeating [" + HexFormat.of().formatHex(unit) + "] in runs of 3");
    }

    /**
     * Up to {@code maxSize} bytes: mostly uniform content, sometimes made of edge values; the size from
     * {@link #size}.
     */
    private static byte[] bytes(Random random, int maxSize) {
        return fill(random, new byte[size(random, maxSize)]);
    }

    private static byte[] fill(Random random, byte[] bytes) {
        random.nextBytes(bytes);
        if (random.nextInt(4) == 0) {
            for (int i = 0; i < bytes.length; i++) {
                if (random.nextBoolean()) {
                    bytes[i] = EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
                }
            }
        }
        return bytes;
    }

    /** Half the time uniform in {@code 0..max}, half the time on a log scale so small sizes are common. */
    private static int size(Random random, int max) {
        if (random.nextBoolean()) {
            return random.nextInt(max + 1);
        }
        return random.nextInt(Math.min(max, 1 << random.nextInt(32 - Integer.numberOfLeadingZeros(max))) + 1);
    }

    /** Uniform in {@code min..max}, both included. */
    private static int between(Random random, int min, int max) {
        return (int) random.nextLong(min, max + 1L);
    }

    private static String describe(byte[] bytes) {
        return bytes.length + " bytes" + (bytes.length <= 32 ? " [" + HexFormat.of().formatHex(bytes) + "]" : "");
    }
}
