package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, decompression either succeeds or throws a CompressionException naming the codec.
 *
 * <p>Each property first runs its edge cases (empty and one-byte inputs, the ends of every range, for
 * every codec), then its random tries. Every try draws its own seed from a fixed one, and every failure
 * names the codec, the seed and the input: {@code new Random(seed)} fed to the same generator replays it.
 */
class CorruptInputPropertyTest {

    private static final byte[] ORIGINAL = Samples.text(70 * Samples.KB);
    private static final int LIMIT = 4 * Samples.MB;
    private static final CompressionType[] TYPES = CompressionType.values();
    /** Byte values the generators mix in rather than leave to chance. */
    private static final byte[] EDGE_BYTES = {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE};
    /** Each codec's frame of {@link #ORIGINAL}, compressed once; tests clone before changing it. */
    private static final Map<CompressionType, byte[]> COMPRESSED = new EnumMap<>(CompressionType.class);

    static {
        for (CompressionType type : TYPES) {
            COMPRESSED.put(type, Samples.compress(Codec.of(type), ORIGINAL));
        }
    }

    @Test
    void randomBytesFailOnlyWithCompressionException() {
        for (CompressionType type : TYPES) {
            for (byte[] input : edgeInputs()) {
                assertOnlyCompressionException(type, input, "edge case " + type + ", " + describe(input));
            }
        }
        Random seeds = new Random(20261125L);
        for (int i = 0; i < 5000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            CompressionType type = TYPES[random.nextInt(TYPES.length)];
            byte[] input = bytes(random, 3000);
            assertOnlyCompressionException(type, input, "try " + i + " seed " + seed + ": " + type + ", "
                    + describe(input));
        }
    }

    /** Random bytes behind each codec's real header get past the magic-number checks. */
    @Test
    void randomBytesAfterAValidHeaderFailOnlyWithCompressionException() {
        for (CompressionType type : TYPES) {
            for (int headerLength : new int[] {1, 2, 29, 30}) {
                for (byte[] tail : edgeInputs()) {
                    afterHeader(type, tail, headerLength, "edge case");
                }
            }
        }
        Random seeds = new Random(20261126L);
        for (int i = 0; i < 5000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            CompressionType type = TYPES[random.nextInt(TYPES.length)];
            byte[] tail = bytes(random, 3000);
            int headerLength = between(random, 1, 30);
            afterHeader(type, tail, headerLength, "try " + i + " seed " + seed);
        }
    }

    private static void afterHeader(CompressionType type, byte[] tail, int headerLength, String what) {
        byte[] valid = compressed(type);
        int keep = Math.min(headerLength, valid.length);
        byte[] input = Arrays.copyOf(valid, keep + tail.length);
        System.arraycopy(tail, 0, input, keep, tail.length);

        assertOnlyCompressionException(type, input, what + ": " + type + ", header of " + headerLength
                + " then " + describe(tail));
    }

    @Test
    void flippedBytesFailOnlyWithCompressionException() {
        for (CompressionType type : TYPES) {
            for (int position : new int[] {0, 1, compressed(type).length - 1, 1_000_000}) {
                for (int xor : new int[] {1, 128, 255}) {
                    for (int flips : new int[] {1, 4}) {
                        flipped(type, position, xor, flips, "edge case");
                    }
                }
            }
        }
        Random seeds = new Random(20261127L);
        for (int i = 0; i < 5000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            CompressionType type = TYPES[random.nextInt(TYPES.length)];
            int position = between(random, 0, 1_000_000);
            int xor = between(random, 1, 255);
            int flips = between(random, 1, 4);
            flipped(type, position, xor, flips, "try " + i + " seed " + seed);
        }
    }

    private static void flipped(CompressionType type, int position, int xor, int flips, String what) {
        byte[] input = compressed(type).clone();
        for (int i = 0; i < flips; i++) {
            input[(position + i * 7919) % input.length] ^= (byte) xor;
        }

        assertOnlyCompressionException(type, input, what + ": " + type + ", " + flips + " flips from position "
                + position + " with xor " + xor);
    }

    /**
     * A truncated gzip, lz4 or zstd frame always fails: each has an end marker. Snappy-java's framing
     * has none, so a cut at a chunk boundary reads as a shorter stream; uncompressed data is just
     * shorter. Either way no bytes are made up.
     */
    @Test
    void truncatedFramesFailOrYieldAPrefix() {
        for (CompressionType type : TYPES) {
            for (int cut : new int[] {0, 1, compressed(type).length - 1, 1_000_000}) {
                truncated(type, cut, "edge case");
            }
        }
        Random seeds = new Random(20261128L);
        for (int i = 0; i < 5000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            CompressionType type = TYPES[random.nextInt(TYPES.length)];
            int cut = between(random, 0, 1_000_000);
            truncated(type, cut, "try " + i + " seed " + seed);
        }
    }

    private static void truncated(CompressionType type, int cut, String what) {
        byte[] valid = compressed(type);
        byte[] truncated = Arrays.copyOf(valid, cut % valid.length);
        String input = what + ": " + type + " cut at " + cut + " (" + truncated.length + " of " + valid.length
                + " bytes)";

        byte[] output;
        try {
            output = Samples.decompress(Codec.of(type), truncated, LIMIT);
        } catch (CompressionException e) {
            assertTrue(e.getMessage().startsWith(type.configName() + ": "), input + ": " + e.getMessage());
            return;
        } catch (Throwable t) {
            throw new AssertionError(input + ": threw " + t, t);
        }
        boolean zeroLengthZstd = type == CompressionType.ZSTD && truncated.length == 0;
        if (type != CompressionType.NONE && type != CompressionType.SNAPPY && !zeroLengthZstd) {
            fail(type + " accepted a frame truncated to " + truncated.length + " of " + valid.length + " bytes ("
                    + input + ")");
        }
        assertTrue(output.length < ORIGINAL.length, input + ": " + output.length + " bytes out");
        assertArrayEquals(Arrays.copyOf(ORIGINAL, output.length), output, input);
    }

    private static byte[] compressed(CompressionType type) {
        return COMPRESSED.get(type);
    }

    private static void assertOnlyCompressionException(CompressionType type, byte[] input, String what) {
        Codec codec = Codec.of(type);
        try {
            codec.decompress(ByteBuffer.wrap(input), LIMIT);
        } catch (CompressionException e) {
            assertTrue(e.getMessage().startsWith(type.configName() + ": "), what + ": " + e.getMessage());
        } catch (Throwable t) {
            throw new AssertionError(type + " buffer API threw " + t + " (" + what + ")", t);
        }
        try (InputStream in = codec.decompressingStream(new ByteArrayInputStream(input), LIMIT)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (CompressionException e) {
            assertTrue(e.getMessage().startsWith(type.configName() + ": "), what + ": " + e.getMessage());
        } catch (Throwable t) {
            throw new AssertionError(type + " stream API threw " + t + " (" + what + ")", t);
        }
    }

    /** The empty input and every one-byte input made of an edge value. */
    private static List<byte[]> edgeInputs() {
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(new byte[0]);
        for (byte b : EDGE_BYTES) {
            inputs.add(new byte[] {b});
        }
        return inputs;
    }

    /**
     * Up to {@code maxSize} bytes: the size half the time uniform, half the time on a log scale so short
     * inputs are common; the content mostly uniform, sometimes drawn from {@link #EDGE_BYTES} and
     * uniform bytes mixed.
     */
    private static byte[] bytes(Random random, int maxSize) {
        int size = random.nextBoolean()
                ? random.nextInt(maxSize + 1)
                : random.nextInt(Math.min(maxSize, 1 << random.nextInt(32 - Integer.numberOfLeadingZeros(maxSize)))
                        + 1);
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

    /** Uniform in {@code min..max}, both included. */
    private static int between(Random random, int min, int max) {
        return (int) random.nextLong(min, max + 1L);
    }

    /** The size, and the bytes themselves when there are few enough to read. */
    private static String describe(byte[] bytes) {
        return bytes.length + " bytes" + (bytes.length <= 32 ? " [" + HexFormat.of().formatHex(bytes) + "]" : "");
    }
}
