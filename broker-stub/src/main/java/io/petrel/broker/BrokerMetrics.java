package io.petrel.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable reading of a broker's metrics, taken by {@link Broker#metrics()}: the figures Kafka's broker
 * publishes over JMX as {@code kafka.server:type=BrokerTopicMetrics} ({@code BytesInPerSec}, {@code MessagesInPerSec},
 * {@code BytesOutPerSec}), {@code kafka.network:type=RequestMetrics} ({@code RequestsPerSec}, {@code TotalTimeMs}),
 * {@code kafka.server:type=ReplicaManager,name=PartitionCount} and {@code kafka.log:type=Log,name=Size}, which the
 * broker also publishes on the platform MBeanServer under those names while it runs.
 *
 * <pre>{@code
 * BrokerMetrics m = broker.metrics();
 * assertEquals(100, m.messagesIn("orders").count());
 * assertTrue(m.requestTime("Produce").count() > 0);
 * }</pre>
 *
 * <p>Rates are per second and follow the broker's clock ({@link BrokerConfig#nanoTime()}): the 1-, 5- and
 * 15-minute rates move in 5-second ticks, as Kafka's do, so a test advancing its own clock sees them without
 * sleeping. A topic nothing was produced to nor fetched from reads as zero.
 */
public final class BrokerMetrics {
    private static final Rate NONE = new Rate(0, 0, 0, 0, 0);
    private static final Latency NO_REQUESTS = new Latency(0, 0, 0, 0, 0);

    private final Rate bytesIn;
    private final Rate messagesIn;
    private final Rate bytesOut;
    private final Map<String, Rate> bytesInByTopic;
    private final Map<String, Rate> messagesInByTopic;
    private final Map<String, Rate> bytesOutByTopic;
    private final Map<String, Map<Short, Rate>> requests;
    private final Map<String, Latency> requestTimes;
    private final int partitionCount;
    private final Map<String, Long> logSizes;
    private final String jmxNameSuffix;

    /** Built by the broker; tests read one from {@link Broker#metrics()}. */
    public BrokerMetrics(Rate bytesIn, Rate messagesIn, Rate bytesOut, Map<String, Rate> bytesInByTopic,
                         Map<String, Rate> messagesInByTopic, Map<String, Rate> bytesOutByTopic,
                         Map<String, Map<Short, Rate>> requests, Map<String, Latency> requestTimes,
                         int partitionCount, Map<String, Long> logSizes, String jmxNameSuffix) {
        this.bytesIn = Objects.requireNonNull(bytesIn, "bytesIn");
        this.messagesIn = Objects.requireNonNull(messagesIn, "messagesIn");
        this.bytesOut = Objects.requireNonNull(bytesOut, "bytesOut");
        this.bytesInByTopic = Map.copyOf(bytesInByTopic);
        this.messagesInByTopic = Map.copyOf(messagesInByTopic);
        this.bytesOutByTopic = Map.copyOf(bytesOutByTopic);
        Map<String, Map<Short, Rate>> copy = new HashMap<>();
        requests.forEach((api, byVersion) -> copy.put(api, Map.copyOf(byVersion)));
        this.requests = Map.copyOf(copy);
        this.requestTimes = Map.copyOf(requestTimes);
        this.partitionCount = partitionCount;
        this.logSizes = Map.copyOf(logSizes);
        this.jmxNameSuffix = Objects.requireNonNull(jmxNameSuffix, "jmxNameSuffix");
    }

    /** {@code BytesInPerSec} over all topics: record bytes appended by Produce requests. */
    public Rate bytesIn() {
        return bytesIn;
    }

    /** {@code BytesInPerSec,topic=T}. */
    public Rate bytesIn(String topic) {
        return bytesInByTopic.getOrDefault(topic, NONE);
    }

    /** {@code MessagesInPerSec} over all topics: records appended by Produce requests. */
    public Rate messagesIn() {
        return messagesIn;
    }

    /** {@code MessagesInPerSec,topic=T}. */
    public Rate messagesIn(String topic) {
        return messagesInByTopic.getOrDefault(topic, NONE);
    }

    /** {@code BytesOutPerSec} over all topics: record bytes sent in Fetch responses. */
    public Rate bytesOut() {
        return bytesOut;
    }

    /** {@code BytesOutPerSec,topic=T}. */
    public Rate bytesOut(String topic) {
        return bytesOutByTopic.getOrDefault(topic, NONE);
    }

    /**
     * {@code RequestsPerSec,request=R} summed over versions.
     *
     * @param apiName Kafka's request name, e.g. {@code "Produce"}, {@code "Fetch"}, {@code "Metadata"}
     */
    public Rate requests(String apiName) {
        Map<Short, Rate> byVersion = requests.getOrDefault(apiName, Map.of());
        Rate sum = NONE;
        for (Rate r : byVersion.values()) {
            sum = new Rate(sum.count() + r.count(), sum.meanRate() + r.meanRate(),
                    sum.oneMinuteRate() + r.oneMinuteRate(), sum.fiveMinuteRate() + r.fiveMinuteRate(),
                    sum.fifteenMinuteRate() + r.fifteenMinuteRate());
        }
        return sum;
    }

    /** {@code RequestsPerSec,request=R,version=V}. */
    public Rate requests(String apiName, short version) {
        return requests.getOrDefault(apiName, Map.of()).getOrDefault(version, NONE);
    }

    /**
     * {@code TotalTimeMs,request=R}: from the request read to its response written. {@code "FetchConsumer"} is
     * also kept, as Kafka keeps it, equal to {@code "Fetch"} here.
     */
    public Latency requestTime(String apiName) {
        return requestTimes.getOrDefault(apiName, NO_REQUESTS);
    }

    /** {@code ReplicaManager PartitionCount}: partitions of all topics (every one is led by this broker). */
    public int partitionCount() {
        return partitionCount;
    }

    /** {@code Log Size,topic=T,partition=P} in bytes; 0 for a partition that does not exist. */
    public long logSize(String topic, int partition) {
        return logSizes.getOrDefault(topic + "-" + partition, 0L);
    }

    /**
     * What this broker appends to Kafka's MBean names: {@code ""} for the broker holding Kafka's exact names,
     * {@code ",petrelBroker=N"} for a broker started while another one in this JVM held them; {@code ""} also for a
     * broker started with {@code jmx(false)}, which publishes no MBeans.
     */
    public String jmxNameSuffix() {
        return jmxNameSuffix;
    }

    /**
     * A meter's reading.
     *
     * @param count             events since the broker started
     * @param meanRate          events per second since the broker started
     * @param oneMinuteRate     exponentially weighted rate per second over about a minute
     * @param fiveMinuteRate    the same over five minutes
     * @param fifteenMinuteRate the same over fifteen minutes
     */
    public record Rate(long count, double meanRate, double oneMinuteRate, double fiveMinuteRate,
                       double fifteenMinuteRate) {
    }

    /**
     * A request-time histogram's reading, in milliseconds.
     *
     * @param count requests timed
     * @param mean  mean time
     * @param max   longest time
     * @param p50   median (within 12.5 %)
     * @param p99   99th percentile (within 12.5 %)
     */
    public record Latency(long count, double mean, double max, double p50, double p99) {
    }
}
