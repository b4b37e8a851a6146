package io.petrel.client.internal.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * A statistic over the last {@code samples} windows of {@code windowMs}, as Kafka's SampledStat: values go into
 * the current sample until its window has passed, then the oldest sample is reused; reading drops samples older
 * than all the windows together and combines the rest. So a rate or maximum follows the recent past and forgets
 * what is older than {@code samples * windowMs}.
 */
public abstract class SampledStat implements MeasurableStat {
    private final double initialValue;
    private final List<Sample> samples = new ArrayList<>(2);
    private int current;

    protected SampledStat(double initialValue) {
        this.initialValue = initialValue;
    }

    @Override
    public void record(MetricConfig config, double value, long nowMs) {
        Sample sample = current(nowMs);
        if (sample.isComplete(nowMs, config)) {
            sample = advance(config, nowMs);
        }
        update(sample, value);
        sample.eventCount++;
    }

    @Override
    public double measure(MetricConfig config, long nowMs) {
        purgeObsoleteSamples(config, nowMs);
        return combine(samples, nowMs);
    }

    /** Adds {@code value} to the sample's value. */
    protected abstract void update(Sample sample, double value);

    /** The stat's value over the samples still in the window (some may be empty). */
    protected abstract double combine(List<Sample> samples, long nowMs);

    /** The oldest sample, for a rate's elapsed time. */
    Sample oldest(long nowMs) {
        if (samples.isEmpty()) {
            samples.add(new Sample(initialValue, nowMs));
        }
        Sample oldest = samples.get(0);
        for (Sample s : samples) {
            if (s.lastWindowMs < oldest.lastWindowMs) {
                oldest = s;
            }
        }
        return oldest;
    }

    /** Resets samples whose window ended before the oldest window still counted. */
    void purgeObsoleteSamples(MetricConfig config, long nowMs) {
        long expireAge = config.samples() * config.windowMs();
        for (Sample sample : samples) {
            if (nowMs - sample.lastWindowMs >= expireAge) {
                sample.reset(nowMs);
            }
        }
    }

    private Sample current(long nowMs) {
        if (samples.isEmpty()) {
            samples.add(new Sample(initialValue, nowMs));
        }
        return samples.get(current);
    }

    private Sample advance(MetricConfig config, long nowMs) {
        current = (current + 1) % config.samples();
        if (current >= samples.size()) {
            Sample sample = new Sample(initialValue, nowMs);
            samples.add(sample);
            return sample;
        }
        Sample sample = samples.get(current);
        sample.reset(nowMs);
        return sample;
    }

    /** One window's worth: its start, how many values it saw and what they came to. */
    protected static final class Sample {
        private final double initialValue;
        long eventCount;
        long lastWindowMs;
        double value;

        Sample(double initialValue, long nowMs) {
            this.initialValue = initialValue;
            this.lastWindowMs = nowMs;
            this.value = initialValue;
        }

        void reset(long nowMs) {
            eventCount = 0;
            lastWindowMs = nowMs;
            value = initialValue;
        }

        boolean isComplete(long nowMs, MetricConfig config) {
            return nowMs - lastWindowMs >= config.windowMs();
        }

        public long eventCount() {
            return eventCount;
        }

        public double value() {
            return value;
        }

        public void value(double value) {
            this.value = value;
        }
    }
}
