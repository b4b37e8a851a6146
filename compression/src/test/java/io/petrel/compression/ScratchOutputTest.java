package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decompressing with a caller's scratch array gives what decompressing without one gives (bytes, limit failures,
 * corrupt-frame failures), from the heap or from direct memory; zstd and lz4 decode into the array when the output
 * fits it, and into an array of their own when it does not.
 */
class ScratchOutputTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void theBytesAreTheSameWithAScratchArrayAsWithout(CompressionType type) {
        byte[] text = Samples.text(100 * Samples.KB);
        byte[] frame = Samples.compress(Codec.of(type), text);
        byte[] scratch = new byte[256 * Samples.KB];
        Arrays.fill(scratch, (byte) 7);

        ByteBuffer heap = ByteBuffer.wrap(frame);
        assertArrayEquals(text, Samples.bytes(Codec.of(type).decompress(heap, text.length, scratch)));
        assertEquals(heap.limit(), heap.position(), "the input is consumed to its limit");
        ByteBuffer direct = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
        assertArrayEquals(text, Samples.bytes(Codec.of(type).decompress(direct, text.length, scratch)));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void failuresAreTheSameWithAScratchArrayAsWithout(CompressionType type) {
        byte[] text = Samples.text(64 * Samples.KB);
        byte[] frame = Samples.compress(Codec.of(type), text);
        byte[] scratch = new byte[256 * Samples.KB];

        CompressionException limit = assertThrows(CompressionException.class,
                () -> Codec.of(type).decompress(ByteBuffer.wrap(frame), text.length - 1, scratch));
        assertEquals(assertThrows(CompressionException.class,
                () -> Codec.of(type).decompress(ByteBuffer.wrap(frame), text.length - 1)).getMessage(), limit.getMessage());
        if (type != CompressionType.NONE) {
            byte[] cut = Arrays.copyOf(frame, frame.length / 2);
            CompressionException corrupt = assertThrows(CompressionException.class,
                    () -> Codec.of(type).decompress(ByteBuffer.wrap(cut), Samples.MB, scratch));
            assertEquals(assertThrows(CompressionException.class,
                    () -> Codec.of(type).decompress(ByteBuffer.wrap(cut), Samples.MB)).getMessage(), corrupt.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"ZSTD", "LZ4"})
    void zstdAndLz4DecodeIntoTheScratchArrayWhenTheOutputFitsIt(CompressionType type) {
        byte[] text = Samples.text(100 * Samples.KB);
        byte[] frame = Samples.compress(Codec.of(type), text);
        byte[] scratch = new byte[256 * Samples.KB];

        ByteBuffer fits = Codec.of(type).decompress(ByteBuffer.wrap(frame), Samples.MB, scratch);
        assertSame(scratch, fits.array());
        assertArrayEquals(text, Samples.bytes(fits));

        byte[] small = new byte[Samples.KB];
        ByteBuffer tooBig = Codec.of(type).decompress(ByteBuffer.wrap(frame), Samples.MB, small);
        assertNotSame(small, tooBig.array());
        assertArrayEquals(text, Samples.bytes(tooBig));
    }
}
