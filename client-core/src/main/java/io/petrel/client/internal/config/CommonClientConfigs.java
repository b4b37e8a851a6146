package io.petrel.client.internal.config;

import io.petrel.client.ConfigException;

import java.util.List;

/**
 * The settings Petrel's producer and consumer share: where the cluster is, timeouts, backoff, metadata
 * age and connection handling. Defaults are those of Apache Kafka's Java client 4.x, so a configuration
 * written for kafka-clients behaves the same here.
 */
public final class CommonClientConfigs {
    /** The DNS lookup modes Kafka 4.x accepts for client.dns.lookup. */
    public static final String USE_ALL_DNS_IPS = "use_all_dns_ips";
    public static final String RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY = "resolve_canonical_bootstrap_servers_only";

    public static final ConfigKey<List<String>> BOOTSTRAP_SERVERS = ConfigKey.ofList("bootstrap.servers", null,
                    "host:port pairs of brokers to fetch the cluster's metadata from first")
            .validatedBy(ConfigValidator.checking("a non-empty list of host:port", CommonClientConfigs::validBootstrap));
    public static final ConfigKey<String> CLIENT_ID = ConfigKey.ofString("client.id", "",
            "A name for this client, sent with every request for the brokers' logs and quotas");
    public static final ConfigKey<Integer> REQUEST_TIMEOUT_MS = ConfigKey.ofInt("request.timeout.ms", 30_000,
            "How long to wait for a response before failing the request and closing the connection")
            .validatedBy(ConfigValidator.atLeast(0));
    public static final ConfigKey<Long> RETRY_BACKOFF_MS = ConfigKey.ofLong("retry.backoff.ms", 100L,
            "The initial wait before retrying a failed request").validatedBy(ConfigValidator.atLeast(0));
    public static final ConfigKey<Long> RETRY_BACKOFF_MAX_MS = ConfigKey.ofLong("retry.backoff.max.ms", 1_000L,
            "The largest wait between retries of a failed request").validatedBy(ConfigValidator.atLeast(0));
    public static final ConfigKey<Long> RECONNECT_BACKOFF_MS = ConfigKey.ofLong("reconnect.backoff.ms", 50L,
            "The initial wait before reconnecting to a broker").validatedBy(ConfigValidator.atLeast(0));
    public static final ConfigKey<Long> RECONNECT_BACKOFF_MAX_MS = ConfigKey.ofLong("reconnect.backoff.max.ms", 1_000L,
            "The largest wait between reconnection attempts to a broker").validatedBy(ConfigValidator.atLeast(0));
    public static final ConfigKey<Long> METADATA_MAX_AGE_MS = ConfigKey.ofLong("metadata.max.age.ms", 300_000L,
            "How often metadata is refreshed even without a sign that it is stale")
            .validatedBy(ConfigValidator.atLeast(0));
    public static final ConfigKey<Long> CONNECTIONS_MAX_IDLE_MS = ConfigKey.ofLong("connections.max.idle.ms", 540_000L,
            "Connections unused this long are closed");
    public static final ConfigKey<Long> SOCKET_CONNECTION_SETUP_TIMEOUT_MS = ConfigKey.ofLong(
            "socket.connection.setup.timeout.ms", 10_000L,
            "How long to wait for a connection to open before giving up on it")
            .validatedBy(ConfigValidator.atLeast(0));
    public static final ConfigKey<Long> SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS = ConfigKey.ofLong(
            "socket.connection.setup.timeout.max.ms", 30_000L,
            "The largest connection setup timeout after repeated failures")
            .validatedBy(ConfigValidator.atLeast(0));
    public static final ConfigKey<String> CLIENT_DNS_LOOKUP = ConfigKey.ofString("client.dns.lookup", USE_ALL_DNS_IPS,
            "How broker host names are resolved: try every address of a name, or resolve bootstrap names to "
                    + "their canonical names first")
            .validatedBy(ConfigValidator.oneOf(USE_ALL_DNS_IPS, RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY));
    public static final ConfigKey<String> SECURITY_PROTOCOL = ConfigKey.ofString("security.protocol", "PLAINTEXT",
            "How to talk to brokers: PLAINTEXT, SSL (TLS), SASL_PLAINTEXT or SASL_SSL (SASL inside TLS)")
            .validatedBy(ConfigValidator.oneOfIgnoreCase("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"));
    public static final ConfigKey<List<Object>> METRIC_REPORTERS = ConfigKey.ofClassList("metric.reporters",
                    "MetricsReporter classes told about every metric of the client, in order")
            .instancesOf(io.petrel.client.MetricsReporter.class);
    public static final ConfigKey<Integer> METRICS_NUM_SAMPLES = ConfigKey.ofInt("metrics.num.samples", 2,
            "How many sample windows a rate, average or maximum is computed over").validatedBy(ConfigValidator.atLeast(1));
    public static final ConfigKey<Long> METRICS_SAMPLE_WINDOW_MS = ConfigKey.ofLong("metrics.sample.window.ms", 30_000L,
            "How long one sample window of a metric lasts").validatedBy(ConfigValidator.atLeast(1));
    public static final ConfigKey<String> METRICS_RECORDING_LEVEL = ConfigKey.ofString("metrics.recording.level",
                    "INFO", "The most detailed metrics recorded: INFO, DEBUG or TRACE")
            .validatedBy(ConfigValidator.oneOf("INFO", "DEBUG", "TRACE"));

    /** Every common key, the TLS and SASL ones ({@link SecurityConfigs}) included, to include in a client's spec. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(BOOTSTRAP_SERVERS)
            .define(CLIENT_ID)
            .define(REQUEST_TIMEOUT_MS)
            .define(RETRY_BACKOFF_MS)
            .define(RETRY_BACKOFF_MAX_MS)
            .define(RECONNECT_BACKOFF_MS)
            .define(RECONNECT_BACKOFF_MAX_MS)
            .define(METADATA_MAX_AGE_MS)
            .define(CONNECTIONS_MAX_IDLE_MS)
            .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS)
            .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS)
            .define(CLIENT_DNS_LOOKUP)
            .define(SECURITY_PROTOCOL)
            .define(METRIC_REPORTERS)
            .define(METRICS_NUM_SAMPLES)
            .define(METRICS_SAMPLE_WINDOW_MS)
            .define(METRICS_RECORDING_LEVEL)
            .include(SecurityConfigs.SPEC)
            .build();

    private CommonClientConfigs() {
    }

    private static void validBootstrap(String key, Object value) {
        List<?> entries = (List<?>) value;
        if (entries.isEmpty()) {
            throw new ConfigException("No bootstrap urls given in " + key + ": expected a non-empty list of host:port");
        }
        for (Object entry : entries) {
            if (HostPort.parse(entry.toString()).isEmpty()) {
                throw new ConfigException("Invalid url in " + key + ": " + entry);
            }
        }
    }
}
