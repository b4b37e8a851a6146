package io.petrel.producer;

import io.petrel.producer.internal.ProducerSettings;

import java.util.Set;

/**
 * The names of the producer's settings, spelled as Kafka spells them, for building a producer from a
 * {@code Map} or {@code Properties}. Defaults are kafka-clients 4.x's; see {@link ProducerBuilder} for
 * what each does.
 */
public final class ProducerConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    /** "all" (or "-1", the default), "1" or "0". */
    public static final String ACKS = "acks";
    /** Default 5. */
    public static final String LINGER_MS = "linger.ms";
    /** Default 16384. */
    public static final String BATCH_SIZE = "batch.size";
    /** Default 33554432 (32 MiB). */
    public static final String BUFFER_MEMORY = "buffer.memory";
    /** none (default), gzip, snappy, lz4 or zstd. */
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String COMPRESSION_GZIP_LEVEL = "compression.gzip.level";
    public static final String COMPRESSION_LZ4_LEVEL = "compression.lz4.level";
    public static final String COMPRESSION_ZSTD_LEVEL = "compression.zstd.level";
    /** Default Integer.MAX_VALUE: retries are bounded by delivery.timeout.ms. */
    public static final String RETRIES = "retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    /** Default 120000; at least linger.ms + request.timeout.ms. */
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    /** Default 60000: the longest send() blocks on a full buffer, and a record waits for its topic's metadata. */
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    /** Default true (quietly off when acks or max.in.flight rule it out and it was not set). */
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
    /** No default: set it to make the producer transactional (it needs idempotence). */
    public static final String TRANSACTIONAL_ID = "transactional.id";
    /** Default 60000: how long the coordinator lets a transaction stay open before aborting it. */
    public static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";
    /** Default 1048576. */
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String PARTITIONER_CLASS = "partitioner.class";
    public static final String KEY_SERIALIZER = "key.serializer";
    public static final String VALUE_SERIALIZER = "value.serializer";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    /** Default none: {@link ProducerInterceptor} classes (or instances), called in order. */
    public static final String INTERCEPTOR_CLASSES = "interceptor.classes";
    /** Default none: {@link io.petrel.client.MetricsReporter} classes told about every metric. */
    public static final String METRIC_REPORTERS = "metric.reporters";
    /** Default 2: the sample windows a windowed metric covers. */
    public static final String METRICS_NUM_SAMPLES = "metrics.num.samples";
    /** Default 30000: the length of one sample window. */
    public static final String METRICS_SAMPLE_WINDOW_MS = "metrics.sample.window.ms";
    /** Default INFO (INFO, DEBUG or TRACE). */
    public static final String METRICS_RECORDING_LEVEL = "metrics.recording.level";

    /** Default 131072: each connection's SO_SNDBUF, as kafka-clients sets it; -1 leaves the OS default. */
    public static final String SEND_BUFFER_BYTES = "send.buffer.bytes";
    /** Default 32768: each connection's SO_RCVBUF, as kafka-clients sets it; -1 leaves the OS default. */
    public static final String RECEIVE_BUFFER_BYTES = "receive.buffer.bytes";

    /** Every setting the producer takes, as Kafka's {@code ProducerConfig.configNames()}. */
    public static Set<String> configNames() {
        return ProducerSettings.SPEC.names();
    }

    private ProducerConfig() {
    }
}
