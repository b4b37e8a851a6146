package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the bytes, decompression either succeeds or throws a CompressionException naming the codec. */
class CorruptInputPropertyTest {

    private static final byte[] ORIGINAL = Samples.text(70 * Samples.KB);
    private static final int LIMIT = 4 * Samples.MB;

    @Provide
    Arbitrary<CompressionType> codecs() {
        return Arbitraries.of(CompressionType.values());
    }

    @Property(tries = 2000)
    void randomBytesFailOnlyWithCompressionException(
            @ForAll("codecs") CompressionType type, @ForAll @Size(max = 3000) byte[] input) {
        assertOnlyCompressionException(type, input);
    }

    /** Random bytes behind each codec's real header get past the magic-number checks. */
    @Property(tries = 2000)
    void randomBytesAfterAValidHeaderFailOnlyWithCompressionException(
            @ForAll("codecs") CompressionType type, @ForAll @Size(max = 3000) byte[] tail,
            @ForAll @IntRange(min = 1, max = 30) int headerLength) {
        byte[] valid = compressed(type);
        int keep = Math.min(headerLength, valid.length);
        byte[] input = Arrays.copyOf(valid, keep + tail.length);
        System.arraycopy(tail, 0, input, keep, tail.length);

        assertOnlyCompressionException(type, input);
    }

    @Property(tries = 1500)
    void flippedBytesFailOnlyWithCompressionException(
            @ForAll("codecs") CompressionType type, @ForAll @IntRange(min = 0, max = 1_000_000) int position,
            @ForAll @IntRange(min = 1, max = 255) int xor, @ForAll @IntRange(min = 1, max = 4) int flips) {
        byte[] input = compressed(type).clone();
        for (int i = 0; i < flips; i++) {
            input[(position + i * 7919) % input.length] ^= (byte) xor;
        }

        assertOnlyCompressionException(type, input);
    }

    /**
     * A truncated gzip, lz4 or zstd frame always fails: each has an end marker. Snappy-java's framing
     * has none, so a cut at a chunk boundary reads as a shorter stream; uncompressed data is just
     * shorter. Either way no bytes are made up.
     */
    @Property(tries = 1500)
    void truncatedFramesFailOrYieldAPrefix(
            @ForAll("codecs") CompressionType type, @ForAll @IntRange(min = 0, max = 1_000_000) int cut) {
        byte[] valid = compressed(type);
        byte[] truncated = Arrays.copyOf(valid, cut % valid.length);

        byte[] output;
        try {
            output = Samples.decompress(Codec.of(type), truncated, LIMIT);
        } catch (CompressionException e) {
            assertTrue(e.getMessage().startsWith(type.configName() + ": "), e.getMessage());
            return;
        }
        boolean zeroLengthZstd = type == CompressionType.ZSTD && truncated.length == 0;
        if (type != CompressionType.NONE && type != CompressionType.SNAPPY && !zeroLengthZstd) {
            fail(type + " accepted a frame truncated to " + truncated.length + " of " + valid.length + " bytes");
        }
        assertTrue(output.length < ORIGINAL.length);
        assertArrayEquals(Arrays.copyOf(ORIGINAL, output.length), output);
    }

    private static byte[] compressed(CompressionType type) {
        return Samples.compress(Codec.of(type), ORIGINAL);
    }

    private static void assertOnlyCompressionException(CompressionType type, byte[] input) {
        Codec codec = Codec.of(type);
        try {
            codec.decompress(ByteBuffer.wrap(input), LIMIT);
        } catch (CompressionException e) {
            assertTrue(e.getMessage().startsWith(type.configName() + ": "), e.getMessage());
        } catch (Throwable t) {
            throw new AssertionError(type + " buffer API threw " + t, t);
        }
        try (InputStream in = codec.decompressingStream(new ByteArrayInputStream(input), LIMIT)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (CompressionException e) {
            assertTrue(e.getMessage().startsWith(type.configName() + ": "), e.getMessage());
        } catch (Throwable t) {
            throw new AssertionError(type + " stream API threw " + t, t);
        }
    }
}
