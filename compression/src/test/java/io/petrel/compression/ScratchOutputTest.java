package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
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

    /**
     * zstd gets the whole scratch array as room (literals then decode past the block instead of being split), so a
     * frame that declares its content size and one that does not must both still give exactly their output.
     */
    @Test
    void zstdFramesWithAndWithoutAContentSizeDecodeIntoALargerScratchArrayToExactlyTheirBytes() {
        byte[] text = Samples.text(100 * Samples.KB);
        byte[] declared = Zstd.compress(text, 3);
        byte[] streamed = Samples.compress(Codec.of(CompressionType.ZSTD), text);
        assertEquals(text.length, Zstd.getFrameContentSize(declared));
        assertEquals(0, streamed[4] & 0xE0, "no content size, not single segment");

        for (byte[] frame : new byte[][] {declared, streamed}) {
            byte[] scratch = new byte[256 * Samples.KB];
            Arrays.fill(scratch, (byte) 7);
            ByteBuffer heap = Codec.of(CompressionType.ZSTD).decompress(ByteBuffer.wrap(frame), Samples.MB, scratch);
            assertSame(scratch, heap.array());
            assertArrayEquals(text, Samples.bytes(heap));
            Arrays.fill(scratch, (byte) 7);
            ByteBuffer direct = Codec.of(CompressionType.ZSTD).decompress(Samples.direct(frame, 0), Samples.MB, scratch);
            assertArrayEquals(text, Samples.bytes(direct));
        }
    }

    /** A frame whose declared content size is smaller than what its blocks hold fails alike with a scratch array or without. */
    @Test
    void aZstdFrameThatUnderstatesItsContentSizeFailsAlikeWithALargerScratchArray() {
        byte[] text = Samples.text(100 * Samples.KB);
        byte[] frame = Zstd.compress(text, 3);
        // Single segment, 4-byte content size right after the magic and the descriptor.
        assertEquals(0xA0, frame[4] & 0xE0, "single segment with a 4-byte content size");
        ByteBuffer header = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(5, text.length - 1000);

        CompressionException withScratch = assertThrows(CompressionException.class, () -> Codec.of(CompressionType.ZSTD)
                .decompress(ByteBuffer.wrap(frame), Samples.MB, new byte[256 * Samples.KB]));
        CompressionException without = assertThrows(CompressionException.class,
                () -> Codec.of(CompressionType.ZSTD).decompress(ByteBuffer.wrap(frame), Samples.MB));
        assertEquals(without.getMessage(), withScratch.getMessage());
    }
}
