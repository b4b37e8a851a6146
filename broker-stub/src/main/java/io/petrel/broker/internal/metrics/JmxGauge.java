package io.petrel.broker.internal.metrics;

import java.util.function.Supplier;

/** A gauge over JMX: its value is computed when read. */
public final class JmxGauge implements JmxGaugeMBean {
    private final Supplier<Object> value;

    public JmxGauge(Supplier<Object> value) {
        this.value = value;
    }

    @Override
    public Object getValue() {
        return value.get();
    }
}
