package io.petrel.client.internal.metrics;

import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * The most extreme value recorded in the window by one ordering ({@link Max}, {@link Min}); NaN when there were
 * none, as kafka-clients reports. Each sample keeps its own extreme, so an expired sample takes its extreme with it.
 */
abstract class ExtremeStat extends SampledStat {
    private final double identity;
    private final DoubleBinaryOperator pick;

    /** @param identity the value no recorded value loses to; @param pick the more extreme of two values */
    ExtremeStat(double identity, DoubleBinaryOperator pick) {
        super(identity);
        this.identity = identity;
        this.pick = pick;
    }

    @Override
    protected final void update(Sample sample, double value) {
        sample.value(pick.applyAsDouble(sample.value(), value));
    }

    @Override
    protected final double combine(List<Sample> samples, long nowMs) {
        double extreme = identity;
        long count = 0;
        for (Sample s : samples) {
            extreme = pick.applyAsDouble(extreme, s.value());
            count += s.eventCount();
        }
        return count == 0 ? Double.NaN : extreme;
    }
}
