package io.petrel.client.internal.metrics;

import io.petrel.client.MetricName;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one kind of measurement is recorded (a batch's size, a request's latency): each value goes into every
 * stat added to the sensor, each stat backing one metric. Recording takes the sensor's lock, which only readers
 * of its metrics share, so a sensor recorded by one thread (the sender, the poll loop) is uncontended. Sensors
 * are recorded per batch, request or poll, never per record on send()'s path.
 */
public final class Sensor {
    private final String name;
    private final MetricRegistry registry;
    private final List<MeasurableStat> stats = new ArrayList<>(4);
    private volatile MeasurableStat[] recorded = new MeasurableStat[0];

    Sensor(String name, MetricRegistry registry) {
        this.name = name;
        this.registry = registry;
    }

    public String name() {
        return name;
    }

    /** Adds a stat and registers the metric that reads it. */
    public Sensor add(MetricName metricName, MeasurableStat stat) {
        synchronized (this) {
            stats.add(stat);
            recorded = stats.toArray(new MeasurableStat[0]);
        }
        registry.register(RegisteredMetric.measured(metricName, this, stat, registry));
        return this;
    }

    /**
     * A rate and a total of the values recorded, as Kafka's Meter: {@code rateName} per second over the window,
     * {@code totalName} since start.
     */
    public Sensor addMeter(MetricName rateName, MetricName totalName) {
        return add(rateName, new Rate()).add(totalName, new CumulativeSum());
    }

    /** As {@link #addMeter}, counting events rather than summing values. */
    public Sensor addCountMeter(MetricName rateName, MetricName totalName) {
        return add(rateName, new Rate(new WindowedCount())).add(totalName, new CumulativeCount());
    }

    /** Records one event of value 1. */
    public void record() {
        record(1.0);
    }

    public void record(double value) {
        record(value, registry.nowMs());
    }

    /** Records with a time the caller already read, saving a clock read. */
    public void record(double value, long nowMs) {
        MetricConfig config = registry.config();
        synchronized (this) {
            for (MeasurableStat stat : recorded) {
                stat.record(config, value, nowMs);
            }
        }
    }
}
