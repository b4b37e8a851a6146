package io.petrel.client.internal.metrics;

import java.util.List;

/** The smallest value recorded in the window; NaN when there were none, as kafka-clients reports. */
public final class Min extends SampledStat {

    public Min() {
        super(Double.POSITIVE_INFINITY);
    }

    @Override
    protected void update(Sample sample, double value) {
        sample.value(Math.min(sample.value(), value));
    }

    @Override
    protected double combine(List<Sample> samples, long nowMs) {
        double min = Double.POSITIVE_INFINITY;
        long count = 0;
        for (Sample s : samples) {
            min = Math.min(min, s.value());
            count += s.eventCount();
        }
        return count == 0 ? Double.NaN : min;
    }
}
