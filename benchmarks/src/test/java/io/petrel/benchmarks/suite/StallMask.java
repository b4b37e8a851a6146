package io.petrel.benchmarks.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which end-to-end latency samples a machine stall ({@link MachineStalls}) touched, so that a run's percentiles can
 * leave out those samples instead of the whole run. A sample is the interval from when its record was due on the
 * producer's schedule to when the consumer's poll returned it; it is masked when that interval overlaps a stall
 * window widened by {@link #MARGIN_NANOS} on each side. One rule for every client and broker: the windows come from
 * the probe in the client JVM, and a stall masks the samples of whichever client and broker were running then.
 *
 * <p>Why the due time and not the send time: a stall that holds up the producer's thread makes it send the records
 * due meanwhile in a burst once it runs again; their send..poll intervals begin after the stall, but the burst they
 * make is the stall's doing. Why the margin: a late wake-up is known to the probe's 1 ms tick and steal to the 10 ms
 * of its readings (and the kernel counts steal in whole ticks), so a window's edges are that uncertain; 10 ms
 * covers both, and the catch-up of a producer's backlog after a stall.
 *
 * <p>A run counts when at least {@link #MIN_KEPT_SHARE} of its measured samples are kept: with the masked time at
 * most a tenth of the window the kept samples still describe the run, and a machine that stalls more than that
 * measured the host, not the code, whichever side ran.
 */
final class StallMask {
    static final long MARGIN_NANOS = 10_000_000L;
    static final double MIN_KEPT_SHARE = 0.90;

    /** Widened windows, merged where they overlap, so both arrays are sorted. */
    private final long[] from;
    private final long[] to;

    private StallMask(long[] from, long[] to) {
        this.from = from;
        this.to = to;
    }

    /** The mask of the probe's stalls, {@link #MARGIN_NANOS} either side. */
    static StallMask of(List<MachineStalls.Stall> stalls) {
        return of(stalls.stream().map(s -> new long[] {s.fromNanos(), s.toNanos()}).toList(), MARGIN_NANOS);
    }

    /** The mask of {@code windows} ([from, to] nanoTime pairs, any order), each widened by {@code margin}. */
    static StallMask of(List<long[]> windows, long margin) {
        if (margin < 0) {
            throw new IllegalArgumentException("The margin must not be negative, not " + margin + " ns");
        }
        List<long[]> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingLong(w -> w[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] w : sorted) {
            if (w[1] < w[0]) {
                throw new IllegalArgumentException("A stall window must not end before it starts: [" + w[0] + ", "
                        + w[1] + "]");
            }
            long start = w[0] - margin;
            long end = w[1] + margin;
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && start <= last[1]) {
                last[1] = Math.max(last[1], end);
            } else {
                merged.add(new long[] {start, end});
            }
        }
        return new StallMask(merged.stream().mapToLong(w -> w[0]).toArray(),
                merged.stream().mapToLong(w -> w[1]).toArray());
    }

    /** Whether [start, end] overlaps a widened window. */
    boolean covers(long start, long end) {
        // The first window that ends at or after start; it overlaps when it begins by end.
        int lo = 0;
        int hi = to.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (to[mid] < start) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < from.length && from[lo] <= end;
    }

    /** Per sample, whether it is masked: sample i spans [{@code starts[i]}, {@code ends[i]}]. */
    boolean[] masked(long[] starts, long[] ends) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("Every sample needs a start and an end: " + starts.length
                    + " starts, " + ends.length + " ends");
        }
        boolean[] masked = new boolean[starts.length];
        for (int i = 0; i < starts.length; i++) {
            masked[i] = covers(starts[i], ends[i]);
        }
        return masked;
    }

    /** Whether a run whose {@code measured} samples had {@code masked} left out counts. */
    static boolean counts(long measured, long masked) {
        return measured > 0 && measured - masked >= MIN_KEPT_SHARE * measured;
    }
}
