package io.petrel.client.internal.metrics;

import java.util.List;

/** How many values were recorded in the window, whatever they were: a {@link Rate} of events. */
public final class WindowedCount extends SampledStat {

    public WindowedCount() {
        super(0.0);
    }

    @Override
    protected void update(Sample sample, double value) {
        sample.value(sample.value() + 1);
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
