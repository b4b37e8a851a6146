package io.petrel.client;

/**
 * One metric of a producer or consumer: its {@link MetricName} and its current value. A windowed rate,
 * average or maximum is computed when the value is read, over the samples of the last
 * {@code metrics.num.samples} windows of {@code metrics.sample.window.ms}, as kafka-clients does.
 */
public interface Metric {

    /** The metric's name, group and tags. */
    MetricName metricName();

    /**
     * The current value: a Double for measured metrics (NaN for an average or maximum with nothing recorded in
     * the window, as kafka-clients), or the value a gauge reports.
     */
    Object metricValue();
}
