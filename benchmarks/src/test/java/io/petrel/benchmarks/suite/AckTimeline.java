package io.petrel.benchmarks.suite;

import java.util.Arrays;

/**
 * When each request of an ingest run was acknowledged, across all its connections, in order: what shows a broker
 * stalling (issue #17: a segment roll forced on the appending thread stopped every acknowledgement for seconds once
 * a run reached 1 GiB per partition), which a run's records/s averages away.
 *
 * @param nanos the acknowledgement times, ascending, in nanoseconds from the start of the run
 */
record AckTimeline(long[] nanos) {
    AckTimeline {
        nanos = nanos.clone();
        Arrays.sort(nanos);
    }

    /** The longest span without an acknowledgement (from the start of the run to the first one counts too). */
    Gap longestGap() {
        long longest = 0;
        int after = 0;
        long previous = 0;
        for (int i = 0; i < nanos.length; i++) {
            if (nanos[i] - previous > longest) {
                longest = nanos[i] - previous;
                after = i;
            }
            previous = nanos[i];
        }
        return new Gap(longest / 1e6, after);
    }

    /**
     * Milliseconds per 1,000 acknowledgements from request {@code from} (0-based) to request {@code to}
     * (exclusive), or NaN when the run did not get that far.
     */
    double millisPerThousand(int from, int to) {
        if (from < 1 || to > nanos.length || to <= from) {
            return Double.NaN;
        }
        return (nanos[to - 1] - nanos[from - 1]) / 1e6 * 1000 / (to - from);
    }

    int size() {
        return nanos.length;
    }

    /** @param afterRequests how many requests had been acknowledged when the gap began */
    record Gap(double millis, int afterRequests) {
    }
}
