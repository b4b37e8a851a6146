package io.petrel.broker.internal.metrics;

import java.util.concurrent.TimeUnit;

/** Shows a {@link Meter} over JMX as Kafka shows its meters: rates per second. */
public final class JmxMeter implements JmxMeterMBean {
    private final Meter meter;
    private final String eventType;

    public JmxMeter(Meter meter, String eventType) {
        this.meter = meter;
        this.eventType = eventType;
    }

    @Override
    public long getCount() {
        return meter.count();
    }

    @Override
    public String getEventType() {
        return eventType;
    }

    @Override
    public TimeUnit getRateUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    public double getMeanRate() {
        return meter.meanRate();
    }

    @Override
    public double getOneMinuteRate() {
        return meter.oneMinuteRate();
    }

    @Override
    public double getFiveMinuteRate() {
        return meter.fiveMinuteRate();
    }

    @Override
    public double getFifteenMinuteRate() {
        return meter.fifteenMinuteRate();
    }
}
