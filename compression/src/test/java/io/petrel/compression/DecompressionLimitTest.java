package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xerial.snappy.Snappy;

/** Decompression bombs are refused at the caller's limit, quickly and without allocating their size. */
class DecompressionLimitTest {

    private static final int BOMB_SIZE = 50 * Samples.MB;
    private static final int LIMIT = Samples.MB;
    /** Heap the decompression of a bomb may allocate: the limit plus growth and working buffers. */
    private static final long ALLOCATION_BUDGET = 8L * Samples.MB;

    private static final Map<CompressionType, byte[]> BOMBS = new EnumMap<>(CompressionType.class);

    @BeforeAll
    static void compressBombs() {
        byte[] zeros = Samples.zeros(BOMB_SIZE);
        for (CompressionType type : CompressionType.values()) {
            BOMBS.put(type, Samples.compress(Codec.of(type), zeros));
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void bufferApiRefusesABombQuicklyWithoutAllocatingItsSize(CompressionType type) {
        byte[] bomb = BOMBS.get(type);
        long allocatedBefore = allocatedBytes();

        CompressionException e = assertTimeout(Duration.ofSeconds(5), () -> assertThrows(
                CompressionException.class, () -> Codec.of(type).decompress(ByteBuffer.wrap(bomb), LIMIT)));

        long allocated = allocatedBytes() - allocatedBefore;
        assertEquals(type.configName() + ": decompressed size exceeds the limit of " + LIMIT + " bytes",
                e.getMessage());
        assertTrue(allocated < ALLOCATION_BUDGET, "allocated " + allocated + " bytes");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void streamApiDeliversExactlyTheLimitThenRefuses(CompressionType type) throws IOException {
        byte[] bomb = BOMBS.get(type);
        long allocatedBefore = allocatedBytes();
        long[] delivered = {0};

        try (InputStream in = Codec.of(type).decompressingStream(new ByteArrayInputStream(bomb), LIMIT)) {
            byte[] chunk = new byte[10_000];
            CompressionException e = assertTimeout(Duration.ofSeconds(5), () ->
                    assertThrows(CompressionException.class, () -> {
                        for (int n; (n = in.read(chunk)) >= 0; ) {
                            delivered[0] += n;
                        }
                    }));
            assertTrue(e.getMessage().contains("exceeds the limit of " + LIMIT + " bytes"), e.getMessage());
        }

        long allocated = allocatedBytes() - allocatedBefore;
        assertEquals(LIMIT, delivered[0]);
        assertTrue(allocated < ALLOCATION_BUDGET, "allocated " + allocated + " bytes");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void outputOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot(CompressionType type) throws IOException {
        byte[] data = Samples.text(100_000);
        byte[] compressed = Samples.compress(Codec.of(type), data);

        assertArrayEquals(data, Samples.decompress(Codec.of(type), compressed, data.length));
        assertThrows(CompressionException.class,
                () -> Samples.decompress(Codec.of(type), compressed, data.length - 1));
        try (InputStream in = Codec.of(type).decompressingStream(new ByteArrayInputStream(compressed), data.length)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (InputStream in =
                Codec.of(type).decompressingStream(new ByteArrayInputStream(compressed), data.length - 1)) {
            assertThrows(CompressionException.class, in::readAllBytes);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aZeroLimitAcceptsOnlyEmptyOutput(CompressionType type) {
        byte[] empty = Samples.compress(Codec.of(type), Samples.empty());
        byte[] one = Samples.compress(Codec.of(type), Samples.oneByte());

        assertEquals(0, Samples.decompress(Codec.of(type), empty, 0).length);
        assertThrows(CompressionException.class, () -> Samples.decompress(Codec.of(type), one, 0));
    }

    @Test
    void aSnappyChunkDeclaringMoreThanTheLimitIsRefusedBeforeItsOutputIsAllocated() throws IOException {
        // One 32 MB chunk in snappy-java framing (its writer would use 32 KB chunks; the format allows 512 MB).
        byte[] chunk = Snappy.compress(Samples.zeros(32 * Samples.MB));
        ByteBuffer stream = ByteBuffer.allocate(20 + chunk.length)
                .put(new byte[] {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1})
                .putInt(chunk.length)
                .put(chunk)
                .flip();
        long allocatedBefore = allocatedBytes();

        CompressionException e = assertThrows(CompressionException.class,
                () -> Codec.of(CompressionType.SNAPPY).decompress(stream, LIMIT));

        long allocated = allocatedBytes() - allocatedBefore;
        assertEquals("snappy: decompressed size exceeds the limit of " + LIMIT + " bytes", e.getMessage());
        assertTrue(allocated < ALLOCATION_BUDGET, "allocated " + allocated + " bytes");
    }

    @Test
    void anLz4FrameDeclaringMoreContentThanTheLimitIsRefusedBeforeReadingBlocks() {
        byte[] frame = Lz4FrameTest.header(0x68, 0x40, 10L * Samples.MB);

        CompressionException e = assertThrows(CompressionException.class,
                () -> Codec.of(CompressionType.LZ4).decompress(ByteBuffer.wrap(frame), LIMIT));

        assertEquals("lz4: decompressed size exceeds the limit of " + LIMIT + " bytes", e.getMessage());
    }

    @Test
    void negativeLimitsAreProgrammingErrors() {
        Codec codec = Codec.of(CompressionType.ZSTD);

        assertThrows(IllegalArgumentException.class, () -> codec.decompress(ByteBuffer.allocate(0), -1));
        assertThrows(IllegalArgumentException.class,
                () -> codec.decompressingStream(new ByteArrayInputStream(new byte[0]), -1));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
