package io.petrel.client.internal.metrics;

import io.petrel.client.Metric;
import io.petrel.client.MetricName;

import java.util.function.Supplier;

/**
 * One metric of a {@link MetricRegistry}: a stat read under its sensor's lock, or a gauge read as it is.
 * Reading a windowed stat rolls its window forward to the registry's clock first, so an idle client's rate
 * falls to zero as kafka-clients' does.
 */
public final class RegisteredMetric implements Metric {
    private final MetricName name;
    private final Object lock;
    private final MeasurableStat stat;
    private final Supplier<?> gauge;
    private final MetricRegistry registry;

    private RegisteredMetric(MetricName name, Object lock, MeasurableStat stat, Supplier<?> gauge,
                             MetricRegistry registry) {
        this.name = name;
        this.lock = lock;
        this.stat = stat;
        this.gauge = gauge;
        this.registry = registry;
    }

    static RegisteredMetric measured(MetricName name, Object lock, MeasurableStat stat, MetricRegistry registry) {
        return new RegisteredMetric(name, lock, stat, null, registry);
    }

    static RegisteredMetric gauge(MetricName name, Supplier<?> gauge, MetricRegistry registry) {
        return new RegisteredMetric(name, null, null, gauge, registry);
    }

    @Override
    public MetricName metricName() {
        return name;
    }

    @Override
    public Object metricValue() {
        if (gauge != null) {
            return gauge.get();
        }
        synchronized (lock) {
            return stat.measure(registry.config(), registry.nowMs());
        }
    }

    /** The value as a double: a gauge's number, NaN for a gauge that is not one. */
    public double value() {
        Object value = metricValue();
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @Override
    public String toString() {
        return name + "=" + metricValue();
    }
}
