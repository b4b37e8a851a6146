package io.petrel.client.internal.metrics;

/** The sum of every value recorded since the client started (the {@code -total} metrics). */
public final class CumulativeSum implements MeasurableStat {
    private double total;

    @Override
    public void record(MetricConfig config, double value, long nowMs) {
        total += value;
    }

    @Override
    public double measure(MetricConfig config, long nowMs) {
        return total;
    }
}
