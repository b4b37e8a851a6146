package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MarkdownTableTest {

    @Test
    void rendersHeadersAlignmentAndRows() {
        String md = new MarkdownTable("broker", ">records/s").row("broker-stub", "1,000").row("a|b", "2").render();

        assertEquals("""
                | broker | records/s |
                |---|---:|
                | broker-stub | 1,000 |
                | a/b | 2 |
                """, md);
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("a", "b").row("1"));
    }
}
