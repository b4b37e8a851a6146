/**
 * The clients' metrics core, windowed as kafka-clients' metrics are: a {@link io.petrel.client.internal.metrics.MetricRegistry}
 * per client holds named {@link io.petrel.client.internal.metrics.Sensor}s, each recording values into stats
 * ({@link io.petrel.client.internal.metrics.Avg}, {@link io.petrel.client.internal.metrics.Max},
 * {@link io.petrel.client.internal.metrics.Rate}, {@link io.petrel.client.internal.metrics.CumulativeSum}, ...)
 * that each back one {@link io.petrel.client.Metric}. Windowed stats keep {@code metrics.num.samples} samples of
 * {@code metrics.sample.window.ms} and read the client's {@link io.petrel.client.Time}, so tests move a clock
 * instead of sleeping. The registry tells the {@link io.petrel.client.MetricsReporter}s (JMX among them) of each
 * metric added or removed.
 */
package io.petrel.client.internal.metrics;
