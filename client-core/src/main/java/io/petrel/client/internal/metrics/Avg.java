package io.petrel.client.internal.metrics;

import java.util.List;

/** The mean of the values recorded in the window; NaN when there were none, as kafka-clients reports. */
public final class Avg extends SampledStat {

    public Avg() {
        super(0.0);
    }

    @Override
    protected void update(Sample sample, double value) {
        sample.value(sample.value() + value);
    }

    @Override
    protected double combine(List<Sample> samples, long nowMs) {
        double total = 0;
        long count = 0;
        for (Sample s : samples) {
            total += s.value();
            count += s.eventCount();
        }
        return count == 0 ? Double.NaN : total / count;
    }
}
