package io.petrel.compression.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.compression.Codec;
import io.petrel.compression.CompressionType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bound read from frames in direct memory, at any position, is the bound read from the same frames in an
 * array: the broker's zstd path sizes its output from a batch where Netty read it.
 */
class ZstdFramesTest {

    private static final long NO_CEILING = Long.MAX_VALUE;
    private static final long WINDOW = 8 << 20;

    @Test
    void framesInDirectMemoryAtAnOffsetHaveTheBoundTheyHaveInAnArray() throws IOException {
        byte[] text = text(150_000);
        byte[] withContentSize = oneShot(text);
        byte[] streamed = streamed(text);
        byte[] skippable = {0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3};
        byte[] all = concat(withContentSize, skippable, streamed);

        for (byte[] frames : new byte[][] {withContentSize, streamed, all}) {
            long onHeap = ZstdFrames.decompressedBound(ByteBuffer.wrap(frames), 0, frames.length, NO_CEILING, WINDOW);
            ByteBuffer direct = direct(frames, 11);
            long offHeap = ZstdFrames.decompressedBound(direct, 11, 11 + frames.length, NO_CEILING, WINDOW);
            assertTrue(onHeap >= text.length, "a bound of at least the content, got " + onHeap);
            assertEquals(onHeap, offHeap);
        }
        assertEquals(text.length, ZstdFrames.decompressedBound(direct(withContentSize, 5), 5,
                5 + withContentSize.length, NO_CEILING, WINDOW), "the declared content size");
    }

    @Test
    void cutFramesInDirectMemoryHaveNoBound() throws IOException {
        byte[] frame = streamed(text(50_000));
        for (int cut : new int[] {0, 3, 5, frame.length / 2, frame.length - 1}) {
            ByteBuffer direct = direct(Arrays.copyOf(frame, cut), 2);
            assertEquals(-1, ZstdFrames.decompressedBound(direct, 2, 2 + cut, NO_CEILING, WINDOW), "cut at " + cut);
        }
    }

    private static byte[] text(int size) {
        Random random = new Random(7);
        byte[] text = new byte[size];
        for (int i = 0; i < size; i++) {
            text[i] = (byte) ('a' + random.nextInt(20));
        }
        return text;
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

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static ByteBuffer direct(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(offset + bytes.length + 9);
        buffer.position(offset);
        buffer.put(bytes);
        return buffer.position(offset);
    }
}
