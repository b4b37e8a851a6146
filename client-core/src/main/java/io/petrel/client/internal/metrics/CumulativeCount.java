package io.petrel.client.internal.metrics;

/** How many values were recorded since the client started (a {@code -total} of events). */
public final class CumulativeCount implements MeasurableStat {
    private double count;

    @Override
    public void record(MetricConfig config, double value, long nowMs) {
        count++;
    }

    @Override
    public double measure(MetricConfig config, long nowMs) {
        return count;
    }
}
