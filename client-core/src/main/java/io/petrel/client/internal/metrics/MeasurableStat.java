package io.petrel.client.internal.metrics;

/**
 * A statistic a {@link Sensor} records values into and a metric reads. Not thread-safe by itself: its sensor
 * records under its own lock and {@link RegisteredMetric} reads under the same one.
 */
public interface MeasurableStat {

    void record(MetricConfig config, double value, long nowMs);

    double measure(MetricConfig config, long nowMs);
}
