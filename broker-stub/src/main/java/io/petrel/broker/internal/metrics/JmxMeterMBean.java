package io.petrel.broker.internal.metrics;

import java.util.concurrent.TimeUnit;

/** The attributes Kafka's Yammer JMX reporter shows for a meter (e.g. {@code BytesInPerSec}). */
public interface JmxMeterMBean {
    long getCount();

    String getEventType();

    TimeUnit getRateUnit();

    double getMeanRate();

    double getOneMinuteRate();

    double getFiveMinuteRate();

    double getFifteenMinuteRate();
}
