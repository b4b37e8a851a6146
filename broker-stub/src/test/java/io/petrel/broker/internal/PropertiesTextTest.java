package io.petrel.broker.internal;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What PropertiesText writes, Properties.load reads back unchanged, whatever the characters. */
class PropertiesTextTest {

    @Test
    void everyKeyAndValueReadsBackAsWritten() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("cluster.id", "q1Sh-9_Aa0b2C3d4E5f6Gg");
        entries.put("odd key=with:all#the!chars", " leading space, = : # ! \\ tab\there\nnew line\r\f");
        entries.put("unicode", "caf\u00e9 \u65e5\u672c \ud83d\ude00 \u0001");
        entries.put("empty", "");
        String text = PropertiesText.of("a comment\nspanning lines", entries);

        assertTrue(text.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c <= 0x7e)), "printable ASCII only: " + text);
        Properties read = new Properties();
        read.load(new StringReader(new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
        assertEquals(entries.size(), read.size());
        entries.forEach((k, v) -> assertEquals(v, read.getProperty(k), k));
        assertTrue(text.startsWith("#a comment spanning lines\ncluster.id=q1Sh-9_Aa0b2C3d4E5f6Gg\n"), text);
    }
}
