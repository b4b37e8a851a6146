package io.petrel.client.internal.metrics;

/** The smallest value recorded in the window; NaN when there were none, as kafka-clients reports. */
public final class Min extends ExtremeStat {

    public Min() {
        super(Double.POSITIVE_INFINITY, Math::min);
    }
}
