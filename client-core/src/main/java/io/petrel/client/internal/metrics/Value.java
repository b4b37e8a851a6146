package io.petrel.client.internal.metrics;

/** The last value recorded (a partition's current lag); NaN before the first. */
public final class Value implements MeasurableStat {
    private double value = Double.NaN;

    @Override
    public void record(MetricConfig config, double value, long nowMs) {
        this.value = value;
    }

    @Override
    public double measure(MetricConfig config, long nowMs) {
        return value;
    }
}
