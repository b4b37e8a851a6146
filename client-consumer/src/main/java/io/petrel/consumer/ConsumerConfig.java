package io.petrel.consumer;

import io.petrel.consumer.internal.ConsumerSettings;

import java.util.Set;

/**
 * The names of the consumer's settings, spelled as Kafka spells them, for building a consumer from a
 * {@code Map} or {@code Properties}. Defaults are kafka-clients 4.x's; see {@link ConsumerBuilder} for
 * what each does. Unknown keys are refused.
 */
public final class ConsumerConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    /** Default none: without it the consumer can only {@code assign()} and cannot commit. */
    public static final String GROUP_ID = "group.id";
    /** Static membership: a stable id for this member across restarts. Default none. */
    public static final String GROUP_INSTANCE_ID = "group.instance.id";
    /** "classic" (default) or "consumer" (Kafka 4's KIP-848 protocol: the broker assigns partitions). */
    public static final String GROUP_PROTOCOL = "group.protocol";
    /** With group.protocol=consumer: the broker-side assignor (uniform, range). Default: the broker's first. */
    public static final String GROUP_REMOTE_ASSIGNOR = "group.remote.assignor";
    /** earliest, latest (default) or none. */
    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    /** Default true (only with a group.id). */
    public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
    /** Default 5000. */
    public static final String AUTO_COMMIT_INTERVAL_MS = "auto.commit.interval.ms";
    /** Default 500. */
    public static final String MAX_POLL_RECORDS = "max.poll.records";
    /** Default 300000. */
    public static final String MAX_POLL_INTERVAL_MS = "max.poll.interval.ms";
    /** Default 45000. Classic protocol only (refused with group.protocol=consumer). */
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    /** Default 3000. Classic protocol only (refused with group.protocol=consumer). */
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    /** Default 1. */
    public static final String FETCH_MIN_BYTES = "fetch.min.bytes";
    /** Default 500. */
    public static final String FETCH_MAX_WAIT_MS = "fetch.max.wait.ms";
    /** Default 52428800 (50 MiB). */
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    /** Default 1048576 (1 MiB). */
    public static final String MAX_PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";
    /** read_uncommitted (default) or read_committed. */
    public static final String ISOLATION_LEVEL = "isolation.level";
    /**
     * Default [RangeAssignor, CooperativeStickyAssignor]; class names or range, roundrobin, cooperative-sticky. Classic
     * protocol only (refused with group.protocol=consumer).
     */
    public static final String PARTITION_ASSIGNMENT_STRATEGY = "partition.assignment.strategy";
    public static final String KEY_DESERIALIZER = "key.deserializer";
    public static final String VALUE_DESERIALIZER = "value.deserializer";
    /** Default 30000. */
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    /** Default 60000: the limit of blocking calls given no Duration. */
    public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
    /** Default true. */
    public static final String CHECK_CRCS = "check.crcs";
    /** Default "". */
    public static final String CLIENT_RACK = "client.rack";
    /** Default true. */
    public static final String ALLOW_AUTO_CREATE_TOPICS = "allow.auto.create.topics";
    /** Default true. */
    public static final String EXCLUDE_INTERNAL_TOPICS = "exclude.internal.topics";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String RECONNECT_BACKOFF_MS = "reconnect.backoff.ms";
    public static final String RECONNECT_BACKOFF_MAX_MS = "reconnect.backoff.max.ms";
    /** Default 300000. */
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    /** Default none: {@link ConsumerInterceptor} classes (or instances), called in order. */
    public static final String INTERCEPTOR_CLASSES = "interceptor.classes";
    /** Default none: {@link io.petrel.client.MetricsReporter} classes told about every metric. */
    public static final String METRIC_REPORTERS = "metric.reporters";
    /** Default 2: the sample windows a windowed metric covers. */
    public static final String METRICS_NUM_SAMPLES = "metrics.num.samples";
    /** Default 30000: the length of one sample window. */
    public static final String METRICS_SAMPLE_WINDOW_MS = "metrics.sample.window.ms";
    /** Default INFO (INFO, DEBUG or TRACE). */
    public static final String METRICS_RECORDING_LEVEL = "metrics.recording.level";
    /** Default 65536: each connection's SO_RCVBUF, as kafka-clients sets it; -1 leaves the OS default. */
    public static final String RECEIVE_BUFFER_BYTES = "receive.buffer.bytes";
    /** Default 131072: each connection's SO_SNDBUF, as kafka-clients sets it; -1 leaves the OS default. */
    public static final String SEND_BUFFER_BYTES = "send.buffer.bytes";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";

    /** Every setting the consumer takes, as Kafka's {@code ConsumerConfig.configNames()}. */
    public static Set<String> configNames() {
        return ConsumerSettings.SPEC.names();
    }

    private ConsumerConfig() {
    }
}
