package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CompressionLevelTest {

    private static final byte[] TEXT = Samples.text(200 * Samples.KB);

    static Stream<Arguments> boundaryLevels() {
        return Stream.of(
                Arguments.of(CompressionType.GZIP, 1),
                Arguments.of(CompressionType.GZIP, 9),
                Arguments.of(CompressionType.GZIP, -1),
                Arguments.of(CompressionType.LZ4, 1),
                Arguments.of(CompressionType.LZ4, 17),
                Arguments.of(CompressionType.LZ4, 9),
                Arguments.of(CompressionType.ZSTD, -131072),
                Arguments.of(CompressionType.ZSTD, 22),
                Arguments.of(CompressionType.ZSTD, 3),
                Arguments.of(CompressionType.NONE, 0),
                Arguments.of(CompressionType.SNAPPY, 0));
    }

    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("boundaryLevels")
    void boundaryLevelsRoundTripAndKafkaReadsThem(CompressionType type, int level) {
        Codec codec = Codec.of(type, level);
        byte[] compressed = Samples.compress(codec, TEXT);

        assertArrayEquals(TEXT, Samples.decompress(codec, compressed, TEXT.length));
        assertArrayEquals(TEXT, Samples.decompress(Codec.of(type), compressed, TEXT.length));
        assertArrayEquals(TEXT, KafkaReference.decompress(KafkaReference.compression(type), compressed));
    }

    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("boundaryLevels")
    void boundaryLevelsWriteWhatKafkaWritesAtThatLevel(CompressionType type, int level) {
        assertArrayEquals(
                KafkaReference.compress(KafkaReference.compression(type, level), TEXT),
                Samples.compress(Codec.of(type, level), TEXT));
    }

    static IntStream lz4Levels() {
        return IntStream.rangeClosed(1, 17);
    }

    /** Kafka uses LZ4's fast compressor for the default level 9 only, high compression for the rest. */
    @ParameterizedTest(name = "lz4 level {0}")
    @MethodSource("lz4Levels")
    void everyLz4LevelWritesWhatKafkaWrites(int level) {
        assertArrayEquals(
                KafkaReference.compress(KafkaReference.compression(CompressionType.LZ4, level), TEXT),
                Samples.compress(Codec.of(CompressionType.LZ4, level), TEXT));
    }

    @Test
    void lz4DefaultLevelIsTheFastCompressorSoLevelEightCompressesBetter() {
        int level8 = Samples.compress(Codec.of(CompressionType.LZ4, 8), TEXT).length;
        int level9 = Samples.compress(Codec.of(CompressionType.LZ4, 9), TEXT).length;

        assertTrue(level8 < level9, "level 8: " + level8 + " bytes, level 9: " + level9 + " bytes");
    }

    @Test
    void gzipDefaultLevelIsZlibLevelSix() {
        assertArrayEquals(
                Samples.compress(Codec.of(CompressionType.GZIP, 6), TEXT),
                Samples.compress(Codec.of(CompressionType.GZIP), TEXT));
        assertNotEquals(
                Samples.compress(Codec.of(CompressionType.GZIP, 1), TEXT).length,
                Samples.compress(Codec.of(CompressionType.GZIP, 9), TEXT).length);
    }

    @ParameterizedTest(name = "{0} level {1}")
    @CsvSource({
        "GZIP, 0, '1 to 9, or -1 for the default'",
        "GZIP, 10, '1 to 9, or -1 for the default'",
        "GZIP, -2, '1 to 9, or -1 for the default'",
        "LZ4, 0, 1 to 17",
        "LZ4, 18, 1 to 17",
        "LZ4, -1, 1 to 17",
        "ZSTD, 23, -131072 to 22",
        "ZSTD, -131073, -131072 to 22",
    })
    void outOfRangeLevelsAreRejectedNamingTheValueAndRange(CompressionType type, int level, String range) {
        CompressionException e = assertThrows(CompressionException.class, () -> Codec.of(type, level));

        assertEquals(
                "Invalid " + type.configName() + " compression level " + level + ": expected " + range,
                e.getMessage());
    }

    @ParameterizedTest(name = "{0} level {1}")
    @CsvSource({"NONE, 1", "NONE, -1", "SNAPPY, 1", "SNAPPY, 9"})
    void codecsWithoutLevelsRejectAnExplicitLevel(CompressionType type, int level) {
        CompressionException e = assertThrows(CompressionException.class, () -> Codec.of(type, level));

        assertTrue(e.getMessage().contains(type.configName()), e.getMessage());
        assertTrue(e.getMessage().contains("has no compression level"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(level)), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void theDefaultCodecIsCachedAndEqualToAnExplicitDefaultLevel(CompressionType type) {
        Codec codec = Codec.of(type);

        assertSame(codec, Codec.of(type));
        assertSame(codec, Codec.of(type, type.defaultLevel()));
        assertEquals(type, codec.type());
    }

    @Test
    void codecsAtOtherLevelsAreEqualByTypeAndLevel() {
        assertEquals(Codec.of(CompressionType.ZSTD, 7), Codec.of(CompressionType.ZSTD, 7));
        assertNotEquals(Codec.of(CompressionType.ZSTD, 7), Codec.of(CompressionType.ZSTD, 8));
        assertNotEquals(Codec.of(CompressionType.ZSTD, 7), Codec.of(CompressionType.ZSTD));
    }
}
