package io.petrel.broker.internal.quota;

/**
 * A rate per second over sampled windows, measured as Kafka's {@code Rate} over a {@code SampledStat}: values are
 * added to the current sample, a sample spans {@code windowMs} from its first value, at most {@code samples} are kept
 * (the oldest reused), samples older than {@code samples * windowMs} count as empty, and the rate divides the sum by
 * the time since the oldest sample started, but never by less than {@code samples - 1} full windows, so a burst after
 * a quiet spell is not measured over a few milliseconds. Not thread-safe: its owner serialises access.
 */
final class SampledRate {
    private final int samples;
    private final long windowMs;
    private final long[] starts;
    private final double[] values;
    private int used;
    private int current;

    SampledRate(int samples, long windowMs) {
        if (samples < 2 || windowMs < 1) {
            throw new IllegalArgumentException("Need at least 2 samples of at least 1 ms, got " + samples + " of "
                    + windowMs + " ms");
        }
        this.samples = samples;
        this.windowMs = windowMs;
        this.starts = new long[samples];
        this.values = new double[samples];
    }

    /** Adds {@code value} (negative to take back a recorded value) at {@code nowMs}. */
    void record(double value, long nowMs) {
        if (used == 0) {
            used = 1;
            current = 0;
            starts[0] = nowMs;
            values[0] = 0;
        } else if (nowMs - starts[current] >= windowMs) {
            current = (current + 1) % samples;
            used = Math.max(used, current + 1);
            starts[current] = nowMs;
            values[current] = 0;
        }
        values[current] += value;
    }

    /** The rate per second at {@code nowMs}. */
    double perSecond(long nowMs) {
        long window = windowSizeMs(nowMs);
        double total = 0;
        for (int i = 0; i < used; i++) {
            total += values[i];
        }
        return total / (window / 1000.0);
    }

    /** The span the rate is measured over at {@code nowMs}, in ms: what a throttle time is scaled by, as in Kafka. */
    long windowSizeMs(long nowMs) {
        purgeObsolete(nowMs);
        long oldest = nowMs;
        for (int i = 0; i < used; i++) {
            oldest = Math.min(oldest, starts[i]);
        }
        long elapsed = nowMs - oldest;
        long fullWindows = elapsed / windowMs;
        if (fullWindows < samples - 1) {
            elapsed += (samples - 1 - fullWindows) * windowMs;
        }
        return Math.max(elapsed, 1);
    }

    /** Whether nothing was recorded for longer than all samples span (the owner may forget this rate). */
    boolean idleAt(long nowMs) {
        return used == 0 || nowMs - starts[current] >= samples * windowMs;
    }

    private void purgeObsolete(long nowMs) {
        long expireAge = samples * windowMs;
        for (int i = 0; i < used; i++) {
            if (nowMs - starts[i] >= expireAge) {
                starts[i] = nowMs;
                values[i] = 0;
            }
        }
    }
}
