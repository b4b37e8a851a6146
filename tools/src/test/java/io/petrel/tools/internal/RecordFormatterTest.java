package io.petrel.tools.internal;

import io.petrel.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.petrel.serializers.Header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer's output lines, field for field as kafka-console-consumer prints them. */
class RecordFormatterTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "v 1".getBytes(StandardCharsets.UTF_8);

    @Test
    void byDefaultOnlyTheValue() {
        assertEquals("v 1\n", RecordFormatter.of(Map.of()).format(2, 7, 1000, TimestampType.CREATE_TIME, KEY, VALUE));
    }

    @Test
    void everyFieldInKafkasOrderWithTheSeparator() {
        RecordFormatter all = RecordFormatter.of(Map.of("print.timestamp", "true", "print.partition", "true",
                "print.offset", "true", "print.key", "true"));
        assertEquals("CreateTime:1000\tPartition:2\tOffset:7\tk\tv 1\n", all.format(2, 7, 1000, TimestampType.CREATE_TIME, KEY, VALUE));
        assertEquals("LogAppendTime:5\tPartition:0\tOffset:0\tnull\tnull\n", all.format(0, 0, 5, TimestampType.LOG_APPEND_TIME, null, null));
    }

    @Test
    void keySeparatorAndKeyOnly() {
        assertEquals("k:v 1\n", RecordFormatter.of(Map.of("print.key", "true", "key.separator", ":"))
                .format(0, 0, 0, TimestampType.CREATE_TIME, KEY, VALUE));
        assertEquals("k\n", RecordFormatter.of(Map.of("print.key", "true", "print.value", "false"))
                .format(0, 0, 0, TimestampType.CREATE_TIME, KEY, VALUE));
    }

    @Test
    void headersComeBeforeTheKeyWithKafkasSeparatorsAndMarkers() {
        RecordFormatter withHeaders = RecordFormatter.of(Map.of("print.headers", "true", "print.key", "true",
                "print.offset", "true"));
        List<Header> two = List.of(new Header("h1", "x".getBytes(StandardCharsets.UTF_8)), new Header("h2", null));
        assertEquals("Offset:3\th1:x,h2:null\tk\tv 1\n", withHeaders.format(0, 3, 0, TimestampType.CREATE_TIME, two, KEY, VALUE));
        assertEquals("Offset:3\tNO_HEADERS\tk\tv 1\n", withHeaders.format(0, 3, 0, TimestampType.CREATE_TIME, List.of(), KEY, VALUE));
        assertEquals("h1:x|h2:-\n", RecordFormatter.of(Map.of("print.headers", "true", "print.value", "false",
                "headers.separator", "|", "null.literal", "-")).format(0, 0, 0, TimestampType.CREATE_TIME, two, KEY, VALUE));
        assertEquals("", RecordFormatter.of(Map.of("print.value", "false")).format(0, 0, 0, TimestampType.CREATE_TIME, KEY, VALUE),
                "no column, no line: as Kafka's formatter");
    }

    @Test
    void unknownPropertiesAndNonBooleanFlagsAreRefusedByName() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> RecordFormatter.of(Map.of("print.kye", "true")));
        assertTrue(unknown.getMessage().contains("print.kye"), unknown.getMessage());
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class, () -> RecordFormatter.of(Map.of("print.key", "yes")));
        assertTrue(flag.getMessage().contains("print.key=yes"), flag.getMessage());
    }
}
