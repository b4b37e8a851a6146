package io.petrel.broker.internal.metrics;

/** Shows a {@link LatencyHistogram} over JMX with the attributes of Kafka's histograms. */
public final class JmxHistogram implements JmxHistogramMBean {
    private final LatencyHistogram histogram;

    public JmxHistogram(LatencyHistogram histogram) {
        this.histogram = histogram;
    }

    @Override
    public long getCount() {
        return histogram.read().count();
    }

    @Override
    public double getMin() {
        return histogram.read().min();
    }

    @Override
    public double getMax() {
        return histogram.read().max();
    }

    @Override
    public double getMean() {
        return histogram.read().mean();
    }

    @Override
    public double getStdDev() {
        return histogram.read().stdDev();
    }

    @Override
    public double get50thPercentile() {
        return histogram.read().p50();
    }

    @Override
    public double get75thPercentile() {
        return histogram.read().p75();
    }

    @Override
    public double get95thPercentile() {
        return histogram.read().p95();
    }

    @Override
    public double get98thPercentile() {
        return histogram.read().p98();
    }

    @Override
    public double get99thPercentile() {
        return histogram.read().p99();
    }

    @Override
    public double get999thPercentile() {
        return histogram.read().p999();
    }
}
