package io.petrel.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * How client quotas measure a rate, as Kafka's {@code quota.window.num} and {@code quota.window.size.seconds} do: over
 * {@code samples} consecutive samples of {@code sampleSize} each, and never over less than {@code samples - 1} of
 * them. A client may therefore take up to about {@code (samples - 1) * sampleSize} of its quota at once before it is
 * throttled; fewer, shorter samples make the broker's enforcement smoother (and quota tests faster) at the cost of
 * reacting to shorter bursts.
 *
 * @param samples    {@code quota.window.num}: at least 1 (Kafka's default 11)
 * @param sampleSize {@code quota.window.size.seconds}: whole seconds, at least 1 (Kafka's default 1 s)
 */
public record QuotaWindow(int samples, Duration sampleSize) {
    /** Kafka's defaults: 11 samples of 1 s. */
    public static final QuotaWindow KAFKA_DEFAULT = new QuotaWindow(11, Duration.ofSeconds(1));

    public QuotaWindow {
        Objects.requireNonNull(sampleSize, "sampleSize");
        if (samples < 1) {
            throw new IllegalArgumentException("quota.window.num " + samples + " must be at least 1");
        }
        if (sampleSize.toSeconds() < 1 || !sampleSize.equals(Duration.ofSeconds(sampleSize.toSeconds()))) {
            throw new IllegalArgumentException("quota.window.size.seconds " + sampleSize
                    + " must be a whole number of seconds, at least 1");
        }
    }
}
