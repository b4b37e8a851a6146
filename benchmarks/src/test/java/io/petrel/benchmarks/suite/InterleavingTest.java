package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InterleavingTest {

    @Test
    void evenRepeatsKeepTheOrderAndOddOnesReverseIt() {
        List<String> ab = List.of("A", "B");

        assertEquals(List.of("A", "B"), Interleaving.order(ab, 0));
        assertEquals(List.of("B", "A"), Interleaving.order(ab, 1));
        assertEquals(List.of("A", "B"), Interleaving.order(ab, 2));
    }
}
