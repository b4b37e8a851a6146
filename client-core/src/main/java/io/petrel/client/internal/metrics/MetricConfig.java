package io.petrel.client.internal.metrics;

import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.config.ConfigValues;

/**
 * How windowed stats sample: {@code samples} windows of {@code windowMs} each ({@code metrics.num.samples},
 * {@code metrics.sample.window.ms}; kafka-clients' defaults 2 and 30 s).
 */
public record MetricConfig(int samples, long windowMs) {

    public MetricConfig {
        if (samples < 1 || windowMs < 1) {
            throw new IllegalArgumentException("A metric needs at least one sample of at least 1 ms, got " + samples
                    + " samples of " + windowMs + " ms");
        }
    }

    /** The config a client's settings give. */
    public static MetricConfig from(ConfigValues values) {
        return new MetricConfig(values.get(CommonClientConfigs.METRICS_NUM_SAMPLES),
                values.get(CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS));
    }
}
