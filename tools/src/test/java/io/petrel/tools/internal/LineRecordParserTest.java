package io.petrel.tools.internal;

import io.petrel.serializers.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input lines read as kafka-console-producer's LineMessageReader reads them: headers, key, value. */
class LineRecordParserTest {

    @Test
    void headersThenKeyThenValueWithKafkasDefaultSeparators() {
        LineRecordParser parser = LineRecordParser.of(Map.of("parse.headers", "true", "parse.key", "true"));
        LineRecordParser.ParsedRecord r = parser.parse("h1:v1,h2:v:2\tkey\tvalue\twith tab", 1);
        assertEquals(List.of(new Header("h1", bytes("v1")), new Header("h2", bytes("v:2"))), r.headers(),
                "each header splits at its first key separator");
        assertArrayEquals(bytes("key"), r.key());
        assertArrayEquals(bytes("value\twith tab"), r.value());
    }

    @Test
    void headersWithoutAKeyAndCustomSeparatorsAndTheNullMarker() {
        LineRecordParser parser = LineRecordParser.of(Map.of("parse.headers", "true", "headers.delimiter", "|",
                "headers.separator", ";", "headers.key.separator", "=", "null.marker", "NULL"));
        LineRecordParser.ParsedRecord r = parser.parse("a=1;b=NULL|NULL", 1);
        assertEquals(List.of(new Header("a", bytes("1")), new Header("b", null)), r.headers());
        assertNull(r.key());
        assertNull(r.value());
        assertEquals(List.of(), parser.parse("NULL|v", 2).headers(), "a header part equal to the null marker is no headers");
    }

    @Test
    void aMissingDelimiterOrHeaderSeparatorNamesTheLine() {
        LineRecordParser parser = LineRecordParser.of(Map.of("parse.headers", "true"));
        CommandFailedException noDelimiter = assertThrows(CommandFailedException.class, () -> parser.parse("just a value", 3));
        assertTrue(noDelimiter.getMessage().contains("headers.delimiter") && noDelimiter.getMessage().contains("line 3"),
                noDelimiter.getMessage());
        CommandFailedException noKeySeparator = assertThrows(CommandFailedException.class, () -> parser.parse("h1\tv", 4));
        assertTrue(noKeySeparator.getMessage().contains("'h1'") && noKeySeparator.getMessage().contains("line 4"),
                noKeySeparator.getMessage());
        LineRecordParser lenient = LineRecordParser.of(Map.of("parse.headers", "true", "ignore.error", "true"));
        assertEquals(List.of(), lenient.parse("just a value", 1).headers());
        assertArrayEquals(bytes("just a value"), lenient.parse("just a value", 1).value());
        assertEquals(List.of(new Header("h1", null)), lenient.parse("h1\tv", 1).headers());
    }

    @Test
    void separatorsThatWouldMakeALineAmbiguousAreRefusedByName() {
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> LineRecordParser.of(Map.of(
                "parse.headers", "true", "headers.separator", ":")));
        assertTrue(same.getMessage().contains("headers.separator") && same.getMessage().contains("headers.key.separator"),
                same.getMessage());
        IllegalArgumentException marker = assertThrows(IllegalArgumentException.class, () -> LineRecordParser.of(Map.of(
                "null.marker", "\t")));
        assertTrue(marker.getMessage().contains("null.marker") && marker.getMessage().contains("key.separator"), marker.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
