package io.petrel.broker.internal.metrics;

/** The attributes Kafka's Yammer JMX reporter shows for a histogram (e.g. {@code TotalTimeMs}), in milliseconds. */
public interface JmxHistogramMBean {
    long getCount();

    double getMin();

    double getMax();

    double getMean();

    double getStdDev();

    double get50thPercentile();

    double get75thPercentile();

    double get95thPercentile();

    double get98thPercentile();

    double get99thPercentile();

    double get999thPercentile();
}
