package io.petrel.client.internal.metrics;

/** The largest value recorded in the window; NaN when there were none, as kafka-clients reports. */
public final class Max extends ExtremeStat {

    public Max() {
        super(Double.NEGATIVE_INFINITY, Math::max);
    }
}
