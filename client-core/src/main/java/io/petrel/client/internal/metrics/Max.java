package io.petrel.client.internal.metrics;

import java.util.List;

/** The largest value recorded in the window; NaN when there were none, as kafka-clients reports. */
public final class Max extends SampledStat {

    public Max() {
        super(Double.NEGATIVE_INFINITY);
    }

    @Override
    protected void update(Sample sample, double value) {
        sample.value(Math.max(sample.value(), value));
    }

    @Override
    protected double combine(List<Sample> samples, long nowMs) {
        double max = Double.NEGATIVE_INFINITY;
        long count = 0;
        for (Sample s : samples) {
            max = Math.max(max, s.value());
            count += s.eventCount();
        }
        return count == 0 ? Double.NaN : max;
    }
}
