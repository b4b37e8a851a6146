package io.petrel.broker.internal.metrics;

/** The one attribute Kafka's Yammer JMX reporter shows for a gauge. */
public interface JmxGaugeMBean {
    Object getValue();
}
