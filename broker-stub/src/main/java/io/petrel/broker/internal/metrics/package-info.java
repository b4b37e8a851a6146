/**
 * The broker's metrics, with Apache Kafka's broker MBean names. {@code Meter} (event counts and
 * exponentially weighted rates) and {@code LatencyHistogram} (request times) record with adders only, so the
 * Produce and Fetch paths take no lock; rates are brought up to date when read. {@code BrokerMetricsRegistry}
 * holds every meter of one broker and publishes them on the platform MBeanServer through {@code JmxMeter},
 * {@code JmxHistogram} and {@code JmxGauge}, whose attributes are those of Kafka's Yammer JMX reporter.
 * Not API: may change without notice.
 */
package io.petrel.broker.internal.metrics;
