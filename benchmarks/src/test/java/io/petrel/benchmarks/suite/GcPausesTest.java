package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GcPausesTest {
    private static final long MS = 1_000_000L;

    @Test
    void theOriginPutsTheBracketedPauseInsideItsBracket() {
        // Measured on this JVM: a System.gc() between nanoTimes 1,069.2 and 1,100.6 ms after the uptime's origin was
        // reported at [1,024, 1,052] ms. Origins from 44.2 ms (start rounded down by up to 1 ms) to 48.6 ms fit.
        long before = 1_069_200_000L;
        long after = 1_100_600_000L;

        long origin = GcPauses.origin(before, after, 1_024, 1_052).middle();

        assertEquals(46_400_000L, origin);
        assertTrue(origin + 1_024 * MS + MS > before && origin + 1_052 * MS <= after);
    }

    @Test
    void aPauseLongerThanItsBracketIsRefusedWithTheFigures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GcPauses.origin(100 * MS, 110 * MS, 50, 80));
        assertTrue(e.getMessage().contains("[50, 80] ms") && e.getMessage().contains("[100000000, 110000000] ns"),
                e.getMessage());
    }

    @Test
    void betweenGivesThePausesOverlappingAWindow() {
        GcPauses gc = GcPauses.of(List.of(new long[] {10 * MS, 20 * MS}, new long[] {50 * MS, 60 * MS}));

        List<long[]> in = gc.between(15 * MS, 40 * MS);

        assertEquals(1, in.size());
        assertEquals(10 * MS, in.get(0)[0]);
        assertFalse(gc.explains(22 * MS, 47 * MS));
        assertTrue(gc.explains(21 * MS, 47 * MS));
    }
}
