package io.petrel.client.internal.metrics;

import java.util.List;

/** The sum of the values recorded in the window: what a {@link Rate} divides by the window's length. */
public final class WindowedSum extends SampledStat {

    public WindowedSum() {
        super(0.0);
    }

    @Override
    protected void update(Sample sample, double value) {
        sample.value(sample.value() + value);
    }

    @Override
    protected double combine(List<Sample> samples, long nowMs) {
        double total = 0;
        for (Sample s : samples) {
            total += s.value();
        }
        return total;
    }
}
