package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.suite.MachineStalls.Stall;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StallMaskTest {
    private static final long MS = 1_000_000L;

    private static long[] window(long fromMs, long toMs) {
        return new long[] {fromMs * MS, toMs * MS};
    }

    @Test
    void aSampleIsMaskedWhenItsIntervalTouchesAStallWidenedByTheMargin() {
        StallMask mask = StallMask.of(List.of(window(100, 200)), 10 * MS);

        assertFalse(mask.covers(50 * MS, 90 * MS - 1), "ends just before the widened window");
        assertTrue(mask.covers(50 * MS, 90 * MS), "ends where the widened window begins");
        assertTrue(mask.covers(150 * MS, 151 * MS), "inside the stall");
        assertTrue(mask.covers(50 * MS, 300 * MS), "spans the whole stall");
        assertTrue(mask.covers(209 * MS, 211 * MS), "starts within the margin after the stall");
        assertFalse(mask.covers(210 * MS + 1, 220 * MS), "starts after the widened window");
    }

    @Test
    void samplesBetweenStallsCloserThanTwoMarginsAreMaskedAndTheRestKept() {
        // Given out of order; [100, 110] and [125, 130] widened by 10 ms meet, [300, 310] stands alone.
        StallMask mask = StallMask.of(List.of(window(300, 310), window(125, 130), window(100, 110)), 10 * MS);

        long[] starts = {10 * MS, 117 * MS, 145 * MS, 200 * MS, 285 * MS, 330 * MS};
        long[] ends = {12 * MS, 118 * MS, 146 * MS, 250 * MS, 289 * MS, 340 * MS};

        assertArrayEquals(new boolean[] {false, true, false, false, false, false}, mask.masked(starts, ends));
        assertTrue(mask.covers(289 * MS, 290 * MS));
    }

    @Test
    void theSameIntervalIsMaskedTheSameWhateverElseTheRunHeld() {
        // The rule reads only a sample's own interval and the windows: two runs with a sample at the same time are
        // masked alike, whichever client and broker they measured.
        StallMask mask = StallMask.of(List.of(window(100, 200)), 10 * MS);
        boolean[] fast = mask.masked(new long[] {0, 95 * MS, 205 * MS}, new long[] {1 * MS, 96 * MS, 206 * MS});
        boolean[] slow = mask.masked(new long[] {0, 95 * MS, 205 * MS, 400 * MS},
                new long[] {80 * MS, 96 * MS, 206 * MS, 480 * MS});

        assertArrayEquals(new boolean[] {false, true, true}, fast);
        assertArrayEquals(new boolean[] {false, true, true, false}, slow);
    }

    @Test
    void withNoStallNothingIsMasked() {
        StallMask mask = StallMask.of(List.of(), StallMask.MARGIN_NANOS);

        assertArrayEquals(new boolean[] {false, false}, mask.masked(new long[] {0, 5}, new long[] {Long.MAX_VALUE, 6}));
    }

    @Test
    void theProbesStallsAreWidenedByTheStatedMargin() {
        StallMask mask = StallMask.of(List.of(new Stall(100 * MS, 115 * MS, 15, 0, true)));

        assertTrue(mask.covers(100 * MS - StallMask.MARGIN_NANOS, 100 * MS - StallMask.MARGIN_NANOS));
        assertFalse(mask.covers(115 * MS + StallMask.MARGIN_NANOS + 1, 200 * MS));
    }

    @Test
    void aRunCountsWhileAtLeastNinetyPercentOfItsSamplesAreKept() {
        assertEquals(0.90, StallMask.MIN_KEPT_SHARE);
        assertTrue(StallMask.counts(100_000, 0));
        assertTrue(StallMask.counts(100_000, 10_000));
        assertFalse(StallMask.counts(100_000, 10_001));
        assertFalse(StallMask.counts(0, 0), "a run with no sample measured nothing");
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class,
                () -> StallMask.of(List.of(window(200, 100)), 0));
        assertTrue(backwards.getMessage().contains("[200000000, 100000000]"), backwards.getMessage());
        IllegalArgumentException margin = assertThrows(IllegalArgumentException.class,
                () -> StallMask.of(List.of(), -1));
        assertTrue(margin.getMessage().contains("-1"), margin.getMessage());
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> StallMask.of(List.of(), 0).masked(new long[2], new long[1]));
        assertTrue(lengths.getMessage().contains("2 starts, 1 ends"), lengths.getMessage());
    }
}
