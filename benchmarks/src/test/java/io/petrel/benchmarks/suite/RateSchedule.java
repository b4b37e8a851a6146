package io.petrel.benchmarks.suite;

/**
 * When each record of a fixed-rate run is due: record {@code i} at {@code start + i / rate} seconds. The
 * sender sends every record already due, then parks until the next one is (no busy spinning, which would
 * take one of the machine's two cores from the broker and the consumer). A park overshoots by tens of
 * microseconds, so at 50 k records/s (one every 20 µs) records leave in small bursts; the schedule is
 * absolute, so a late wake-up never lowers the rate.
 */
public final class RateSchedule {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private final long startNanos;
    private final long recordsPerSecond;
    private final long total;

    public RateSchedule(long startNanos, long recordsPerSecond, long total) {
        if (recordsPerSecond <= 0) {
            throw new IllegalArgumentException("The rate must be positive records per second, not " + recordsPerSecond);
        }
        if (total < 0) {
            throw new IllegalArgumentException("The record count must not be negative, not " + total);
        }
        this.startNanos = startNanos;
        this.recordsPerSecond = recordsPerSecond;
        this.total = total;
    }

    /** How many records are due by {@code nowNanos} (record 0 is due at the start), at most the total. */
    public long dueBy(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        // Whole numbers only, so that dueBy(dueAt(i)) counts record i exactly (no rounding either way).
        long due = (nowNanos - startNanos) * recordsPerSecond / NANOS_PER_SECOND + 1;
        return Math.min(total, due);
    }

    /** The System.nanoTime at which record {@code i} is due. */
    public long dueAt(long i) {
        return startNanos + (i * NANOS_PER_SECOND + recordsPerSecond - 1) / recordsPerSecond;
    }

    /** When records {@code from} to {@code to} (exclusive) are due, nanoTime, one per record. */
    public long[] dueTimes(long from, long to) {
        long[] due = new long[Math.toIntExact(to - from)];
        for (int i = 0; i < due.length; i++) {
            due[i] = dueAt(from + i);
        }
        return due;
    }

    public long total() {
        return total;
    }
}
