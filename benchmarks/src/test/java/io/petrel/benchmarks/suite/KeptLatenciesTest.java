package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeptLatenciesTest {
    @Test
    void percentilesComeFromTheKeptSamplesOnly() {
        // 100 samples of 1 ms, 3 of them 100 ms and masked (a stall), one 5 ms and kept: the tail is the 5 ms one.
        long[] nanos = new long[100];
        boolean[] masked = new boolean[100];
        java.util.Arrays.fill(nanos, 1_000_000);
        for (int i = 40; i < 43; i++) {
            nanos[i] = 100_000_000;
            masked[i] = true;
        }
        nanos[70] = 5_000_000;

        KeptLatencies kept = KeptLatencies.of(nanos, masked);

        assertEquals(100, kept.received());
        assertEquals(3, kept.masked());
        assertEquals(97, kept.micros().getTotalCount());
        assertEquals(1.0, kept.percentileMs(50), 0.01);
        assertEquals(5.0, kept.percentileMs(100), 0.01);
    }

    @Test
    void aSampleThatNeverArrivedIsNeitherKeptNorMasked() {
        KeptLatencies kept = KeptLatencies.of(new long[] {2_000_000, -1, 3_000_000}, new boolean[] {false, true, true});

        assertEquals(2, kept.received());
        assertEquals(1, kept.masked());
        assertEquals(1, kept.micros().getTotalCount());
        assertEquals(2.0, kept.percentileMs(100), 0.01);
    }

    @Test
    void aMaskOfTheWrongLengthIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeptLatencies.of(new long[3], new boolean[2]));
        assertTrue(e.getMessage().contains("3 latencies, 2 masks"), e.getMessage());
    }
}
