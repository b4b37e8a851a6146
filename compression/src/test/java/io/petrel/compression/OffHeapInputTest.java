package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A frame in direct memory (a broker's request read by Netty) decodes as the same frame on the heap does:
 * same bytes, same limit, same failure, whether it fits the pooled copy or not, and a second decode after a
 * larger one sees none of the first's bytes; a read-only heap buffer (no array to reach) decodes as its array does.
 */
class OffHeapInputTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aFrameInDirectMemoryDecodesToTheSameBytesAsOnTheHeap(CompressionType type) {
        for (int size : new int[] {100 * Samples.KB, 300 * Samples.KB, 3 * Samples.KB}) {
            byte[] text = Samples.text(size);
            byte[] frame = Samples.compress(Codec.of(type), text);
            ByteBuffer direct = Samples.direct(frame, 7);

            ByteBuffer out = Codec.of(type).decompress(direct, text.length);

            assertArrayEquals(text, Samples.bytes(out), type + ", " + size + " B");
            assertEquals(direct.limit(), direct.position(), "the input is consumed to its limit");
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aFrameInDirectMemoryIsHeldToTheSameLimit(CompressionType type) {
        byte[] text = Samples.text(64 * Samples.KB);
        byte[] frame = Samples.compress(Codec.of(type), text);
        ByteBuffer direct = Samples.direct(frame, 0);

        CompressionException e = assertThrows(CompressionException.class,
                () -> Codec.of(type).decompress(direct, text.length - 1));
        CompressionException onHeap = assertThrows(CompressionException.class,
                () -> Codec.of(type).decompress(ByteBuffer.wrap(frame), text.length - 1));
        assertEquals(onHeap.getMessage(), e.getMessage());
        assertEquals(0, direct.position(), "a failure leaves the input where it was");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aCorruptFrameInDirectMemoryFailsAsOnTheHeap(CompressionType type) {
        byte[] frame = Samples.compress(Codec.of(type), Samples.text(64 * Samples.KB));
        byte[] cut = java.util.Arrays.copyOf(frame, frame.length / 2);

        CompressionException e = assertThrows(CompressionException.class,
                () -> Codec.of(type).decompress(Samples.direct(cut, 3), Samples.MB));
        CompressionException onHeap = assertThrows(CompressionException.class,
                () -> Codec.of(type).decompress(ByteBuffer.wrap(cut), Samples.MB));
        assertEquals(onHeap.getMessage(), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aReadOnlyFrameOnTheHeapDecodesAsItsArrayDoes(CompressionType type) {
        byte[] text = Samples.text(100 * Samples.KB);
        byte[] frame = Samples.compress(Codec.of(type), text);
        ByteBuffer readOnly = ByteBuffer.wrap(frame).asReadOnlyBuffer();

        for (int round = 0; round < 3; round++) {
            ByteBuffer out = Codec.of(type).decompress(readOnly.duplicate(), text.length, new byte[256 * Samples.KB]);
            assertArrayEquals(text, Samples.bytes(out), type + ", round " + round);
        }
    }
}
