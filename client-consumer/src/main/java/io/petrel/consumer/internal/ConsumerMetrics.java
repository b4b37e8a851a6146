package io.petrel.consumer.internal;

import io.petrel.client.Metric;
import io.petrel.client.MetricName;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.metrics.Avg;
import io.petrel.client.internal.metrics.ConnectionMetrics;
import io.petrel.client.internal.metrics.CumulativeCount;
import io.petrel.client.internal.metrics.CumulativeSum;
import io.petrel.client.internal.metrics.Rate;
import io.petrel.client.internal.metrics.Max;
import io.petrel.client.internal.metrics.MetricRegistry;
import io.petrel.client.internal.metrics.Min;
import io.petrel.client.internal.metrics.RegisteredMetric;
import io.petrel.client.internal.metrics.Sensor;
import io.petrel.client.internal.metrics.Value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The consumer's sensors, with kafka-clients' names, groups and tags: {@code consumer-fetch-manager-metrics}
 * (the consumer's, per topic with tag {@code topic}, per partition with tags {@code topic} and
 * {@code partition}), {@code consumer-coordinator-metrics} (commits, rebalances, heartbeats) and
 * {@code consumer-metrics} (polls; the connection metrics join it), windowed by the {@link MetricRegistry}.
 *
 * <p>Recorded per poll, per fetch response and per partition in it, per commit: on the polling thread or the
 * network's I/O thread, each an uncontended sensor lock, nothing per record.
 *
 * <p>Rebalances are fed by both group protocols, under kafka-clients' names for either: the classic one from a
 * join's first attempt to its success ({@link #rebalanceStarted}, {@link #rebalanced}), each failed JoinGroup or
 * SyncGroup round counting as a failed rebalance; the consumer protocol (KIP-848), as kafka-clients'
 * ConsumerRebalanceMetricsManager does, from the heartbeat answer that brought an assignment differing from the
 * owned one to the end of its reconciliation ({@link #rebalanced(long)}), a heartbeat failing for good meanwhile
 * (fenced, or a fatal error) counting as a failed rebalance.
 */
final class ConsumerMetrics {
    static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
    static final String COORDINATOR_GROUP = "consumer-coordinator-metrics";
    static final String GROUP = "consumer-metrics";

    private final MetricRegistry registry;
    private final Sensor recordsConsumed;
    private final Sensor bytesConsumed;
    private final Sensor fetchLatency;
    private final Sensor lagMax;
    private final Sensor leadMin;
    private final Sensor throttleTime;
    private final Sensor commitLatency;
    private final Sensor rebalanceLatency;
    private final Sensor failedRebalances;
    private final Sensor heartbeats;
    private final Sensor timeBetweenPoll;
    private final Map<String, TopicSensors> topics = new ConcurrentHashMap<>();
    private final Map<TopicPartition, PartitionSensors> partitions = new ConcurrentHashMap<>();
    private volatile long lastPollMs = -1;
    private volatile long rebalanceStartMs = -1;
    private volatile long lastRebalanceMs = -1;
    private volatile long lastHeartbeatMs = -1;

    /** @param assignedPartitions how many partitions the consumer is assigned now, read when the gauge is */
    ConsumerMetrics(MetricRegistry registry, IntSupplier assignedPartitions) {
        this.registry = registry;
        recordsConsumed = registry.sensor("records-consumed").addMeter(
                fetch("records-consumed-rate", "The average number of records consumed per second"),
                fetch("records-consumed-total", "The total number of records consumed"));
        bytesConsumed = registry.sensor("bytes-consumed").addMeter(
                fetch("bytes-consumed-rate", "The average number of bytes consumed per second"),
                fetch("bytes-consumed-total", "The total number of bytes consumed"));
        fetchLatency = registry.sensor("fetch-latency")
                .add(fetch("fetch-latency-avg", "The average time taken for a fetch request."), new Avg())
                .add(fetch("fetch-latency-max", "The max time taken for any fetch request."), new Max())
                .addCountMeter(fetch("fetch-rate", "The number of fetch requests per second."),
                        fetch("fetch-total", "The total number of fetch requests."));
        lagMax = registry.sensor("records-lag").add(fetch("records-lag-max", "The maximum lag in terms of number of"
                + " records for any partition in this window"), new Max());
        leadMin = registry.sensor("records-lead").add(fetch("records-lead-min", "The minimum lead in terms of number"
                + " of records for any partition in this window"), new Min());
        throttleTime = registry.sensor("fetch-throttle-time")
                .add(fetch("fetch-throttle-time-avg", "The average throttle time in ms"), new Avg())
                .add(fetch("fetch-throttle-time-max", "The maximum throttle time in ms"), new Max());
        commitLatency = registry.sensor("commit-latency")
                .add(coordinator("commit-latency-avg", "The average time taken for a commit request"), new Avg())
                .add(coordinator("commit-latency-max", "The max time taken for a commit request"), new Max())
                .addCountMeter(coordinator("commit-rate", "The number of commit calls per second"),
                        coordinator("commit-total", "The total number of commit calls"));
        rebalanceLatency = registry.sensor("rebalance-latency")
                .add(coordinator("rebalance-latency-avg", "The average time taken for a group to complete a successful"
                        + " rebalance"), new Avg())
                .add(coordinator("rebalance-latency-max", "The max time taken for a group to complete a successful"
                        + " rebalance"), new Max())
                .add(coordinator("rebalance-latency-total", "The total number of milliseconds this consumer has spent"
                        + " in successful rebalances since creation"), new CumulativeSum())
                .add(coordinator("rebalance-rate-per-hour", "The number of successful rebalance events per hour"),
                        Rate.perHour())
                .add(coordinator("rebalance-total", "The total number of successful rebalance events"),
                        new CumulativeCount());
        failedRebalances = registry.sensor("failed-rebalance")
                .add(coordinator("failed-rebalance-total", "The total number of failed rebalance events"),
                        new CumulativeCount())
                .add(coordinator("failed-rebalance-rate-per-hour", "The number of failed rebalance events per hour"),
                        Rate.perHour());
        registry.gauge(coordinator("assigned-partitions", "The number of partitions currently assigned to this"
                + " consumer"), () -> (double) assignedPartitions.getAsInt());
        heartbeats = registry.sensor("heartbeat-latency")
                .addCountMeter(coordinator("heartbeat-rate", "The number of heartbeats per second"),
                        coordinator("heartbeat-total", "The total number of heartbeats"));
        registry.gauge(coordinator("last-rebalance-seconds-ago", "The number of seconds since the last successful"
                + " rebalance event"), () -> secondsSince(lastRebalanceMs));
        registry.gauge(coordinator("last-heartbeat-seconds-ago", "The number of seconds since the last coordinator"
                + " heartbeat was sent"), () -> secondsSince(lastHeartbeatMs));
        timeBetweenPoll = registry.sensor("time-between-poll")
                .add(consumer("time-between-poll-avg", "The average delay between invocations of poll() in"
                        + " milliseconds."), new Avg())
                .add(consumer("time-between-poll-max", "The max delay between invocations of poll() in"
                        + " milliseconds."), new Max());
        registry.gauge(consumer("last-poll-seconds-ago", "The number of seconds since the last poll() invocation."),
                () -> secondsSince(lastPollMs));
    }

    private double secondsSince(long ms) {
        return ms < 0 ? -1.0 : (registry.nowMs() - ms) / 1000.0;
    }

    private MetricName fetch(String name, String description) {
        return registry.name(name, FETCH_GROUP, description);
    }

    private MetricName coordinator(String name, String description) {
        return registry.name(name, COORDINATOR_GROUP, description);
    }

    private MetricName consumer(String name, String description) {
        return registry.name(name, GROUP, description);
    }

    /** poll() was called: the time since the previous call, as kafka-clients measures it. */
    void pollStarted() {
        long now = registry.nowMs();
        long last = lastPollMs;
        lastPollMs = now;
        if (last >= 0) {
            timeBetweenPoll.record(now - last, now);
        }
    }

    void recordsConsumed(String topic, int n) {
        recordsConsumed.record(n);
        topic(topic).records.record(n);
    }

    void bytesConsumed(String topic, long n) {
        bytesConsumed.record(n);
        topic(topic).bytes.record(n);
    }

    void fetchCompleted(int node, long latencyNanos, int throttleTimeMs) {
        double ms = latencyNanos / 1e6;
        fetchLatency.record(ms);
        Sensor nodeLatency = registry.existingSensor(ConnectionMetrics.nodeLatencySensor(node));
        if (nodeLatency != null) {
            nodeLatency.record(ms);
        }
        throttleTime.record(throttleTimeMs);
    }

    /** A fetch response told the partition's high watermark (or last stable offset) and log start. */
    void partitionLag(TopicPartition tp, long lag, long lead) {
        long now = registry.nowMs();
        lagMax.record(lag, now);
        leadMin.record(lead, now);
        PartitionSensors sensors = partitions.get(tp);
        if (sensors == null) {
            sensors = partitions.computeIfAbsent(tp, p -> new PartitionSensors(registry, p));
        }
        sensors.lag.record(lag, now);
        sensors.lead.record(lead, now);
    }

    /**
     * Forgets the lag and lead metrics of partitions no longer assigned, as kafka-clients does, so JMX and
     * reporters stop showing a partition another member now reads.
     */
    void retainPartitions(java.util.function.Supplier<java.util.Set<TopicPartition>> assignment) {
        if (partitions.isEmpty()) {
            return;
        }
        java.util.Set<TopicPartition> assigned = assignment.get();
        if (assigned.containsAll(partitions.keySet())) {
            return;
        }
        partitions.entrySet().removeIf(e -> {
            if (assigned.contains(e.getKey())) {
                return false;
            }
            e.getValue().remove(registry, e.getKey());
            return true;
        });
    }

    void commitCompleted(long latencyNanos) {
        commitLatency.record(latencyNanos / 1e6);
    }

    /** A join began; a rebalance's latency runs from its first attempt to its success. */
    void rebalanceStarted() {
        if (rebalanceStartMs < 0) {
            rebalanceStartMs = registry.nowMs();
        }
    }

    /** A classic rebalance succeeded: its latency runs from the first attempt {@link #rebalanceStarted} noted. */
    void rebalanced() {
        long started = rebalanceStartMs;
        rebalanceStartMs = -1;
        rebalanced(started);
    }

    /**
     * A rebalance that began at {@code startedMs} (the registry's clock; negative: just now) is over: a
     * consumer-protocol reconciliation's start is the member's, which knows when the assignment arrived.
     */
    void rebalanced(long startedMs) {
        long now = registry.nowMs();
        lastRebalanceMs = now;
        rebalanceLatency.record(startedMs < 0 ? 0 : Math.max(0, now - startedMs), now);
    }

    /** A rebalance failed: a classic join round, or a consumer-protocol heartbeat failing for good while reconciling. */
    void rebalanceFailed() {
        failedRebalances.record();
    }

    /** The registry's clock, in ms: the time base of {@link #rebalanced(long)}. */
    long nowMs() {
        return registry.nowMs();
    }

    void heartbeat() {
        lastHeartbeatMs = registry.nowMs();
        heartbeats.record();
    }

    private TopicSensors topic(String topic) {
        TopicSensors sensors = topics.get(topic);
        return sensors != null ? sensors : topics.computeIfAbsent(topic, t -> new TopicSensors(registry, t));
    }

    /**
     * The consumer-level metrics by name, for {@code Consumer.metrics()}: those of consumer-metrics,
     * consumer-coordinator-metrics and consumer-fetch-manager-metrics that carry no topic or partition tag.
     */
    Map<String, Double> snapshot() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<MetricName, Metric> e : registry.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.tags().size() == 1 && (name.group().equals(FETCH_GROUP) || name.group().equals(COORDINATOR_GROUP)
                    || name.group().equals(GROUP))) {
                out.put(name.name(), ((RegisteredMetric) e.getValue()).value());
            }
        }
        return out;
    }

    /** A topic's records and bytes, in consumer-fetch-manager-metrics with its topic tag. */
    private static final class TopicSensors {
        final Sensor records;
        final Sensor bytes;

        TopicSensors(MetricRegistry registry, String topic) {
            records = registry.sensor("topic." + topic + ".records-consumed").addMeter(
                    registry.name("records-consumed-rate", FETCH_GROUP, "The average number of records consumed per"
                            + " second for a topic", "topic", topic),
                    registry.name("records-consumed-total", FETCH_GROUP, "The total number of records consumed for a"
                            + " topic", "topic", topic));
            bytes = registry.sensor("topic." + topic + ".bytes-consumed").addMeter(
                    registry.name("bytes-consumed-rate", FETCH_GROUP, "The average number of bytes consumed per second"
                            + " for a topic", "topic", topic),
                    registry.name("bytes-consumed-total", FETCH_GROUP, "The total number of bytes consumed for a"
                            + " topic", "topic", topic));
        }
    }

    /** A partition's lag and lead, in consumer-fetch-manager-metrics with its topic and partition tags. */
    private static final class PartitionSensors {
        final Sensor lag;
        final Sensor lead;

        PartitionSensors(MetricRegistry registry, TopicPartition tp) {
            String topic = tp.topic();
            String partition = Integer.toString(tp.partition());
            lag = registry.sensor(tp + ".records-lag")
                    .add(name(registry, "records-lag", "The latest lag of the partition", topic, partition), new Value())
                    .add(name(registry, "records-lag-avg", "The average lag of the partition", topic, partition),
                            new Avg())
                    .add(name(registry, "records-lag-max", "The max lag of the partition", topic, partition),
                            new Max());
            lead = registry.sensor(tp + ".records-lead")
                    .add(name(registry, "records-lead", "The latest lead of the partition", topic, partition),
                            new Value())
                    .add(name(registry, "records-lead-avg", "The average lead of the partition", topic, partition),
                            new Avg())
                    .add(name(registry, "records-lead-min", "The min lead of the partition", topic, partition),
                            new Min());
        }

        void remove(MetricRegistry registry, TopicPartition tp) {
            registry.removeSensor(tp + ".records-lag");
            registry.removeSensor(tp + ".records-lead");
            for (String name : List.of("records-lag", "records-lag-avg", "records-lag-max", "records-lead",
                    "records-lead-avg", "records-lead-min")) {
                registry.remove(name(registry, name, "", tp.topic(), Integer.toString(tp.partition())));
            }
        }

        private static MetricName name(MetricRegistry registry, String name, String description, String topic,
                                       String partition) {
            return registry.name(name, FETCH_GROUP, description, "topic", topic, "partition", partition);
        }
    }
}
