package io.petrel.broker.internal.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTheBucketPrecisionOfTheExactOnes() {
        LatencyHistogram histogram = new LatencyHistogram();
        Random random = new Random(18);
        long[] micros = new long[10_000];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = 1 + (long) (Math.abs(random.nextGaussian()) * 20_000);
            histogram.recordNanos(micros[i] * 1000);
        }
        java.util.Arrays.sort(micros);
        LatencyHistogram.HistogramValues v = histogram.read();
        assertEquals(micros.length, v.count());
        assertEquals(micros[0] / 1000.0, v.min(), 1e-9);
        assertEquals(micros[micros.length - 1] / 1000.0, v.max(), 1e-9);
        assertWithin(micros[(int) Math.ceil(0.5 * micros.length) - 1] / 1000.0, v.p50());
        assertWithin(micros[(int) Math.ceil(0.99 * micros.length) - 1] / 1000.0, v.p99());
        assertTrue(v.p50() <= v.p75() && v.p75() <= v.p95() && v.p95() <= v.p99() && v.p99() <= v.max());
    }

    @Test
    void bucketsCoverEveryValueInOrder() {
        for (long micros = 0; micros < 1_000_000; micros += 7) {
            int bucket = LatencyHistogram.bucketOf(micros);
            assertTrue(LatencyHistogram.lowerBound(bucket) <= micros && micros < LatencyHistogram.lowerBound(bucket + 1),
                    micros + " in bucket " + bucket);
        }
    }

    @Test
    void anEmptyHistogramReadsZero() {
        assertEquals(0, new LatencyHistogram().read().count());
        assertEquals(0.0, new LatencyHistogram().read().max());
    }

    private static void assertWithin(double exact, double estimate) {
        assertTrue(Math.abs(estimate - exact) <= exact * 0.125 + 0.001, "estimate " + estimate + " vs exact " + exact);
    }
}
