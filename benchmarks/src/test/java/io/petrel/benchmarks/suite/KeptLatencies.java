package io.petrel.benchmarks.suite;

import org.HdrHistogram.Histogram;

/**
 * A run's end-to-end latencies less the samples a machine stall touched ({@link StallMask}): {@code micros} holds
 * the kept ones, {@code received} the measured samples that arrived, {@code masked} how many of those were left out.
 */
record KeptLatencies(Histogram micros, long received, long masked) {
    /** Sample i took {@code latencyNanos[i]} (negative: it never arrived) and is left out when {@code masked[i]}. */
    static KeptLatencies of(long[] latencyNanos, boolean[] masked) {
        if (latencyNanos.length != masked.length) {
            throw new IllegalArgumentException("Every sample needs a mask: " + latencyNanos.length + " latencies, "
                    + masked.length + " masks");
        }
        Histogram kept = new Histogram(3);
        long received = 0;
        long left = 0;
        for (int i = 0; i < latencyNanos.length; i++) {
            if (latencyNanos[i] < 0) {
                continue;
            }
            received++;
            if (masked[i]) {
                left++;
            } else {
                kept.recordValue(latencyNanos[i] / 1000);
            }
        }
        return new KeptLatencies(kept, received, left);
    }

    /** The kept samples' percentile, ms. */
    double percentileMs(double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }
}
