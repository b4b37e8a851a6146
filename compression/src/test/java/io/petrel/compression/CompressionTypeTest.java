package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionTypeTest {

    @ParameterizedTest
    @CsvSource({"0, NONE, none", "1, GZIP, gzip", "2, SNAPPY, snappy", "3, LZ4, lz4", "4, ZSTD, zstd"})
    void idsAndNamesAreKafkas(int id, CompressionType type, String name) {
        assertEquals(id, type.id());
        assertEquals(name, type.configName());
        assertSame(type, CompressionType.forId(id));
        assertSame(type, CompressionType.forName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LZ4", "Lz4", "lZ4"})
    void namesAreCaseInsensitive(String name) {
        assertSame(CompressionType.LZ4, CompressionType.forName(name));
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 7, -1, 255, Integer.MIN_VALUE})
    void unknownIdsAreRejectedNamingTheIdAndTheValidOnes(int id) {
        CompressionException e = assertThrows(CompressionException.class, () -> CompressionType.forId(id));

        assertEquals("Unknown compression type id " + id
                + ": expected 0 (none), 1 (gzip), 2 (snappy), 3 (lz4) or 4 (zstd)", e.getMessage());
    }

    @Test
    void unknownNamesAreRejectedNamingTheValueAndTheAcceptedNames() {
        CompressionException e =
                assertThrows(CompressionException.class, () -> CompressionType.forName("brotli"));

        assertTrue(e.getMessage().contains("brotli"), e.getMessage());
        for (CompressionType type : CompressionType.values()) {
            assertTrue(e.getMessage().contains(type.configName()), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " lz4", "lz4 ", "zstandard", "producer"})
    void namesAreNotTrimmedOrGuessed(String name) {
        CompressionException e = assertThrows(CompressionException.class, () -> CompressionType.forName(name));

        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }

    @Test
    void nullNameIsAnUnknownName() {
        CompressionException e = assertThrows(CompressionException.class, () -> CompressionType.forName(null));

        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }
}
