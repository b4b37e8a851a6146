package io.petrel.compression.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.compression.Codec;
import io.petrel.compression.CompressionType;
import io.petrel.compression.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The bound read from frames in direct memory, at any position, is the bound read from the same frames in an
 * array, and only the bytes up to the given end are read: the broker's zstd path sizes its output from a batch
 * where Netty read it.
 */
class ZstdFramesTest {

    private static final long NO_CEILING = Long.MAX_VALUE;
    private static final long WINDOW = 8 << 20;
    private static final byte[] TEXT = Samples.text(150 * Samples.KB);

    @Test
    void framesInDirectMemoryAtAnOffsetHaveTheBoundTheyHaveInAnArray() throws IOException {
        byte[] withContentSize = oneShot(TEXT);
        byte[] streamed = streamed(TEXT);
        byte[] skippable = {0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3};

        for (byte[] frames : new byte[][] {withContentSize, streamed, Samples.concat(withContentSize, skippable, streamed)}) {
            long onHeap = ZstdFrames.decompressedBound(ByteBuffer.wrap(frames), 0, frames.length, NO_CEILING, WINDOW);
            long offHeap = ZstdFrames.decompressedBound(Samples.direct(frames, 11), 11, 11 + frames.length,
                    NO_CEILING, WINDOW);
            assertTrue(onHeap >= TEXT.length, "a bound of at least the content, got " + onHeap);
            assertEquals(onHeap, offHeap);
        }
        assertEquals(TEXT.length, ZstdFrames.decompressedBound(Samples.direct(withContentSize, 5), 5,
                5 + withContentSize.length, NO_CEILING, WINDOW), "the declared content size");
    }

    @Test
    void aFrameCutByTheEndHasNoBoundThoughItsRestFollowsInMemory() throws IOException {
        byte[] frame = streamed(TEXT);
        ByteBuffer direct = Samples.direct(frame, 2);
        for (int cut : new int[] {0, 3, 5, frame.length / 2, frame.length - 1}) {
            assertEquals(-1, ZstdFrames.decompressedBound(direct, 2, 2 + cut, NO_CEILING, WINDOW), "cut at " + cut);
        }
        assertTrue(ZstdFrames.decompressedBound(direct, 2, 2 + frame.length, NO_CEILING, WINDOW) >= TEXT.length);
    }

    /** A frame declaring its content size (the whole-input path). */
    private static byte[] oneShot(byte[] text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codec.of(CompressionType.ZSTD).compress(text, 0, text.length, out);
        return out.toByteArray();
    }

    /** A frame without a content size, in blocks (the stream path). */
    private static byte[] streamed(byte[] text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream zstd = Codec.of(CompressionType.ZSTD).compressingStream(out)) {
            zstd.write(text);
        }
        return out.toByteArray();
    }
}
