package io.petrel.producer.internal;

import io.petrel.client.MetricName;
import io.petrel.client.internal.metrics.Avg;
import io.petrel.client.internal.metrics.ConnectionMetrics;
import io.petrel.client.internal.metrics.CumulativeSum;
import io.petrel.client.internal.metrics.Max;
import io.petrel.client.internal.metrics.MetricRegistry;
import io.petrel.client.internal.metrics.Rate;
import io.petrel.client.internal.metrics.RegisteredMetric;
import io.petrel.client.internal.metrics.Sensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The producer's sensors, with kafka-clients' metric names, groups and tags: {@code producer-metrics} for the
 * whole producer, {@code producer-topic-metrics} (tag {@code topic}) and {@code producer-node-metrics} (tag
 * {@code node-id}, as {@code node-N}) created on a topic's or broker's first use, all windowed by the
 * {@link MetricRegistry}. The node metrics are {@link ConnectionMetrics}'; the sender adds each node's request
 * latency to them.
 *
 * <p>Cost: nothing here runs per record on send()'s path. The sender records once per batch or request, and
 * send() itself only when a record fails or it had to wait for buffer.memory; each recording takes one
 * uncontended sensor lock.
 */
final class ProducerMetrics {
    static final String GROUP = "producer-metrics";
    static final String TOPIC_GROUP = "producer-topic-metrics";

    private final MetricRegistry registry;
    private final Sensor recordsSent;
    private final Sensor errors;
    private final Sensor retries;
    private final Sensor batchSplits;
    private final Sensor requestLatency;
    private final Sensor batchSize;
    private final Sensor compressionRate;
    private final Sensor recordsPerRequest;
    private final Sensor queueTime;
    private final Sensor recordSize;
    private final Sensor throttleTime;
    private final Sensor bufferWait;
    private final Sensor bufferExhausted;
    private final Map<String, TopicSensors> topics = new ConcurrentHashMap<>();

    ProducerMetrics(MetricRegistry registry) {
        this.registry = registry;
        recordsSent = registry.sensor("records-sent").addMeter(
                name("record-send-rate", "The average number of records sent per second."),
                name("record-send-total", "The total number of records sent."));
        errors = registry.sensor("errors").addMeter(
                name("record-error-rate", "The average per-second number of record sends that resulted in errors"),
                name("record-error-total", "The total number of record sends that resulted in errors"));
        retries = registry.sensor("record-retries").addMeter(
                name("record-retry-rate", "The average per-second number of retried record sends"),
                name("record-retry-total", "The total number of retried record sends"));
        batchSplits = registry.sensor("batch-split").addMeter(
                name("batch-split-rate", "The average number of batch splits per second"),
                name("batch-split-total", "The total number of batch splits"));
        requestLatency = registry.sensor("request-time")
                .add(name("request-latency-avg", "The average request latency in ms"), new Avg())
                .add(name("request-latency-max", "The maximum request latency in ms"), new Max());
        batchSize = registry.sensor("batch-size")
                .add(name("batch-size-avg", "The average number of bytes sent per partition per-request."), new Avg())
                .add(name("batch-size-max", "The max number of bytes sent per partition per-request."), new Max());
        compressionRate = registry.sensor("compression-rate")
                .add(name("compression-rate-avg", "The average compression rate of record batches, defined as the"
                        + " average ratio of the compressed batch size over the uncompressed size."), new Avg());
        recordsPerRequest = registry.sensor("records-per-request")
                .add(name("records-per-request-avg", "The average number of records per request."), new Avg());
        queueTime = registry.sensor("queue-time")
                .add(name("record-queue-time-avg", "The average time in ms record batches spent in the send buffer."),
                        new Avg())
                .add(name("record-queue-time-max", "The maximum time in ms record batches spent in the send buffer."),
                        new Max());
        recordSize = registry.sensor("record-size")
                .add(name("record-size-avg", "The average record size"), new Avg())
                .add(name("record-size-max", "The maximum record size"), new Max());
        throttleTime = registry.sensor("produce-throttle-time")
                .add(name("produce-throttle-time-avg", "The average time in ms a request was throttled by a broker"),
                        new Avg())
                .add(name("produce-throttle-time-max", "The maximum time in ms a request was throttled by a broker"),
                        new Max());
        bufferWait = registry.sensor("bufferpool-wait-time")
                .add(name("bufferpool-wait-ratio", "The fraction of time an appender waits for space allocation."),
                        Rate.ratioOfNanos())
                .add(name("bufferpool-wait-time-ns-total", "The total time in nanoseconds an appender waits for space"
                        + " allocation."), new CumulativeSum());
        bufferExhausted = registry.sensor("buffer-exhausted-records").addCountMeter(
                name("buffer-exhausted-rate", "The average per-second number of record sends that are dropped due to"
                        + " buffer exhaustion"),
                name("buffer-exhausted-total", "The total number of record sends that are dropped due to buffer"
                        + " exhaustion"));
    }

    /** The gauges the producer's parts answer: buffer memory, waiting threads. */
    void bufferGauges(BufferPool pool) {
        registry.gauge(name("buffer-total-bytes", "The maximum amount of buffer memory the client can use (whether"
                + " or not it is currently used)."), () -> (double) pool.totalBytes());
        registry.gauge(name("buffer-available-bytes", "The total amount of buffer memory that is not being used"
                + " (either unallocated or in the free list)."), () -> (double) pool.availableBytes());
        registry.gauge(name("waiting-threads", "The number of user threads blocked waiting for buffer memory to"
                + " enqueue their records"), () -> (double) pool.queuedWaiters());
    }

    private MetricName name(String name, String description) {
        return registry.name(name, GROUP, description);
    }

    /** A batch built for sending (once, not per retry), {@code queuedNanos} after it was opened. */
    void batchBuilt(String topic, int sizeInBytes, int uncompressedBytes, int maxRecordSize, long queuedNanos) {
        batchSize.record(sizeInBytes);
        double ratio = uncompressedBytes == 0 ? 1.0 : (double) sizeInBytes / uncompressedBytes;
        compressionRate.record(ratio);
        topic(topic).compression.record(ratio);
        queueTime.record(queuedNanos / 1e6);
        // Once per batch, its largest record, as kafka-clients does: record-size-avg is the mean of those maxima.
        recordSize.record(maxRecordSize);
    }

    /** A Produce request sent with {@code records} records. */
    void requestSent(int records) {
        recordsPerRequest.record(records);
    }

    /** A batch acknowledged. */
    void batchSent(String topic, int records, int sizeInBytes) {
        recordsSent.record(records);
        TopicSensors t = topic(topic);
        t.records.record(records);
        t.bytes.record(sizeInBytes);
    }

    void requestCompleted(int node, long latencyNanos) {
        double ms = latencyNanos / 1e6;
        requestLatency.record(ms);
        Sensor nodeLatency = registry.existingSensor(ConnectionMetrics.nodeLatencySensor(node));
        if (nodeLatency != null) {
            nodeLatency.record(ms);
        }
    }

    void retried(String topic, int records) {
        retries.record(records);
        topic(topic).retries.record(records);
    }

    /** A batch the broker refused as too large was split into smaller ones. */
    void batchSplit() {
        batchSplits.record(1);
    }

    void failed(String topic, int records) {
        errors.record(records);
        topic(topic).errors.record(records);
    }

    /** A broker's throttle_time_ms on a Produce response. */
    void throttled(int throttleTimeMs) {
        throttleTime.record(throttleTimeMs);
    }

    /** send() waited this long for buffer.memory, and gave up when {@code exhausted}. */
    void bufferWaited(long nanos, boolean exhausted) {
        bufferWait.record(nanos);
        if (exhausted) {
            bufferExhausted.record();
        }
    }

    private TopicSensors topic(String topic) {
        TopicSensors sensors = topics.get(topic);
        return sensors != null ? sensors : topics.computeIfAbsent(topic, t -> new TopicSensors(registry, t));
    }

    /**
     * The producer-level metrics by name, for {@code Producer.metrics()}: every {@code producer-metrics} metric
     * with its windowed value, and byte-rate and byte-total summed over the topics (kafka-clients has those per
     * topic only).
     */
    Map<String, Double> snapshot() {
        Map<String, Double> out = new LinkedHashMap<>();
        double byteRate = 0;
        double byteTotal = 0;
        for (Map.Entry<MetricName, io.petrel.client.Metric> e : registry.metrics().entrySet()) {
            MetricName name = e.getKey();
            double value = ((RegisteredMetric) e.getValue()).value();
            if (name.group().equals(GROUP)) {
                out.put(name.name(), value);
            } else if (name.group().equals(TOPIC_GROUP) && name.name().equals("byte-rate")) {
                byteRate += value;
            } else if (name.group().equals(TOPIC_GROUP) && name.name().equals("byte-total")) {
                byteTotal += value;
            }
        }
        out.put("byte-rate", byteRate);
        out.put("byte-total", byteTotal);
        return out;
    }

    /** A topic's sensors, in producer-topic-metrics with its topic tag. */
    private static final class TopicSensors {
        final Sensor records;
        final Sensor bytes;
        final Sensor compression;
        final Sensor retries;
        final Sensor errors;

        TopicSensors(MetricRegistry registry, String topic) {
            String prefix = "topic." + topic + ".";
            records = registry.sensor(prefix + "records-per-batch").addMeter(
                    name(registry, "record-send-rate", topic, "The average number of records sent per second for a topic."),
                    name(registry, "record-send-total", topic, "The total number of records sent for a topic."));
            bytes = registry.sensor(prefix + "bytes").addMeter(
                    name(registry, "byte-rate", topic, "The average number of bytes sent per second for a topic."),
                    name(registry, "byte-total", topic, "The total number of bytes sent for a topic."));
            compression = registry.sensor(prefix + "compression-rate")
                    .add(name(registry, "compression-rate", topic, "The average compression rate of record batches"
                            + " for a topic."), new Avg());
            retries = registry.sensor(prefix + "record-retries").addMeter(
                    name(registry, "record-retry-rate", topic, "The average per-second number of retried record sends"
                            + " for a topic"),
                    name(registry, "record-retry-total", topic, "The total number of retried record sends for a topic"));
            errors = registry.sensor(prefix + "record-errors").addMeter(
                    name(registry, "record-error-rate", topic, "The average per-second number of record sends that"
                            + " resulted in errors for a topic"),
                    name(registry, "record-error-total", topic, "The total number of record sends that resulted in"
                            + " errors for a topic"));
        }

        private static MetricName name(MetricRegistry registry, String name, String topic, String description) {
            return registry.name(name, TOPIC_GROUP, description, "topic", topic);
        }
    }
}
