package io.petrel.client.internal.metrics;

/**
 * Per second over the window, as Kafka's Rate: a windowed sum (or count) divided by the time the samples
 * cover. Until {@code samples - 1} full windows have passed the divisor is padded to that many, so a client
 * that just started does not report a burst as a huge rate.
 */
public final class Rate implements MeasurableStat {
    private final SampledStat stat;
    private final double scale;

    /** A rate of the values' sum (bytes per second, records per second from per-batch counts). */
    public Rate() {
        this(new WindowedSum());
    }

    /** A rate of {@code stat}, a {@link WindowedSum} or {@link WindowedCount}. */
    public Rate(SampledStat stat) {
        this(stat, 1.0);
    }

    private Rate(SampledStat stat, double scale) {
        this.stat = stat;
        this.scale = scale;
    }

    /** Events per hour (a rebalance rate), as Kafka's {@code Rate(HOURS, new WindowedCount())}. */
    public static Rate perHour() {
        return new Rate(new WindowedCount(), 3600.0);
    }

    /**
     * The share of time spent in something whose durations are recorded in nanoseconds (waiting for buffer
     * memory, waiting on I/O): nanoseconds per second divided by 10^9, as Kafka's {@code Rate(NANOSECONDS)}.
     */
    public static Rate ratioOfNanos() {
        return new Rate(new WindowedSum(), 1e-9);
    }

    @Override
    public void record(MetricConfig config, double value, long nowMs) {
        stat.record(config, value, nowMs);
    }

    @Override
    public double measure(MetricConfig config, long nowMs) {
        double value = stat.measure(config, nowMs);
        return scale * value / (windowSizeMs(config, nowMs) / 1000.0);
    }

    long windowSizeMs(MetricConfig config, long nowMs) {
        stat.purgeObsoleteSamples(config, nowMs);
        long elapsed = nowMs - stat.oldest(nowMs).lastWindowMs;
        long fullWindows = elapsed / config.windowMs();
        int minFullWindows = config.samples() - 1;
        if (fullWindows < minFullWindows) {
            elapsed += (minFullWindows - fullWindows) * config.windowMs();
        }
        return Math.max(elapsed, 1);
    }
}
