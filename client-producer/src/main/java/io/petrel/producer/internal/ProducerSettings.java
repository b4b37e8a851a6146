package io.petrel.producer.internal;

import io.petrel.client.ConfigException;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.config.ConfigKey;
import io.petrel.client.internal.config.ConfigSpec;
import io.petrel.client.internal.config.ConfigValidator;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.config.SocketBufferConfigs;
import io.petrel.compression.CompressionType;
import io.petrel.producer.Acks;
import io.petrel.producer.Partitioner;
import io.petrel.serializers.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The producer's settings, parsed and checked once: every key Kafka's producer takes that Petrel
 * implements, with kafka-clients 4.x's defaults, plus the checks that span keys.
 *
 * <p>How it works: {@link #SPEC} (client-core's common keys plus the producer's) parses the raw map
 * strictly, so an unknown key or bad value is a ConfigException naming key, value and what is accepted;
 * {@link #from} then applies the cross-key rules as kafka-clients does (an explicit
 * {@code enable.idempotence=true} that acks or max.in.flight rule out is an error, a defaulted one is
 * quietly dropped; a transactional.id needs idempotence) and freezes the result in this record.
 *
 * @param transactionalId      the transactional.id, null for a producer without transactions
 * @param transactionTimeoutMs how long the coordinator lets a transaction stay open before aborting it
 * @param originals            the settings as given, for serializers and partitioners
 */
public record ProducerSettings(List<String> bootstrapServers, String clientId, Acks acks, long lingerMs,
                               int batchSize, long bufferMemory, CompressionType compression, int compressionLevel,
                               int retries, long retryBackoffMs, long retryBackoffMaxMs, int deliveryTimeoutMs,
                               int requestTimeoutMs, long maxBlockMs, int maxInFlight, boolean idempotence,
                               int maxRequestSize, long metadataMaxAgeMs, Object partitioner, Object keySerializer,
                               Object valueSerializer, String transactionalId, int transactionTimeoutMs,
                               ConfigValues values, Map<String, Object> originals) {
    private static final Logger log = LoggerFactory.getLogger(ProducerSettings.class);
    private static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;
    private static final java.util.concurrent.atomic.AtomicInteger PRODUCER_NUMBER =
            new java.util.concurrent.atomic.AtomicInteger();

    static final ConfigKey<String> ACKS = ConfigKey.ofString("acks", "all",
                    "Acknowledgements a record needs: all (-1), 1 (leader) or 0 (none)")
            .validatedBy(ConfigValidator.checking("one of all, -1, 0, 1", (k, v) -> Acks.parse(v.toString())));
    static final ConfigKey<Long> LINGER_MS = ConfigKey.ofLong("linger.ms", 5L,
            "How long a batch waits for more records before it is sent").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.ofInt("batch.size", 16_384,
            "The size a partition's batch grows to before it is sent").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Long> BUFFER_MEMORY = ConfigKey.ofLong("buffer.memory", 33_554_432L,
            "Bytes of records the producer holds before send() blocks").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.ofString("compression.type", "none",
            "Codec of the record batches").validatedBy(ConfigValidator.oneOf(compressionNames()));
    static final ConfigKey<Integer> GZIP_LEVEL = levelKey(CompressionType.GZIP);
    static final ConfigKey<Integer> LZ4_LEVEL = levelKey(CompressionType.LZ4);
    static final ConfigKey<Integer> ZSTD_LEVEL = levelKey(CompressionType.ZSTD);
    static final ConfigKey<Integer> RETRIES = ConfigKey.ofInt("retries", Integer.MAX_VALUE,
            "How often a failed batch is retried (within delivery.timeout.ms)").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Integer> DELIVERY_TIMEOUT_MS = ConfigKey.ofInt("delivery.timeout.ms", 120_000,
            "The longest a record may take from send() to its acknowledgement or failure")
            .validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Long> MAX_BLOCK_MS = ConfigKey.ofLong("max.block.ms", 60_000L,
            "The longest send() blocks on a full buffer, and a record waits for its topic's metadata")
            .validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Integer> MAX_IN_FLIGHT = ConfigKey.ofInt("max.in.flight.requests.per.connection", 5,
            "Produce requests sent to one broker and not yet answered").validatedBy(ConfigValidator.atLeast(1));
    static final ConfigKey<Boolean> ENABLE_IDEMPOTENCE = ConfigKey.ofBoolean("enable.idempotence", true,
            "Write each record exactly once per partition, in order, despite retries");
    static final ConfigKey<Integer> MAX_REQUEST_SIZE = ConfigKey.ofInt("max.request.size", 1_048_576,
            "The largest Produce request, and so the largest record").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<String> TRANSACTIONAL_ID = ConfigKey.ofString("transactional.id", null,
                    "The id that makes this producer transactional; a new producer with the same id fences this one")
            .optional().validatedBy(ConfigValidator.nonEmptyString());
    static final ConfigKey<Integer> TRANSACTION_TIMEOUT_MS = ConfigKey.ofInt("transaction.timeout.ms", 60_000,
            "How long the transaction coordinator lets a transaction stay open before aborting it");
    static final ConfigKey<Object> PARTITIONER_CLASS = ConfigKey.ofClass("partitioner.class", null,
            "The Partitioner for records without a partition").optional().instancesOf(Partitioner.class);
    static final ConfigKey<Object> KEY_SERIALIZER = ConfigKey.ofClass("key.serializer", null,
            "The Serializer of record keys").optional().instancesOf(Serializer.class);
    static final ConfigKey<Object> VALUE_SERIALIZER = ConfigKey.ofClass("value.serializer", null,
            "The Serializer of record values").optional().instancesOf(Serializer.class);

    /** kafka-clients' producer defaults: a 128 KiB send buffer, a 32 KiB receive buffer (acknowledgements are small). */
    static final SocketBufferConfigs SOCKET_BUFFERS = SocketBufferConfigs.withDefaults(131_072, 32_768);

    static final ConfigKey<java.util.List<Object>> INTERCEPTOR_CLASSES = ConfigKey.ofClassList("interceptor.classes",
            "ProducerInterceptor classes (or instances) that see each record sent and each acknowledgement, in order")
            .instancesOf(io.petrel.producer.ProducerInterceptor.class);

    /** Every key the producer accepts. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .include(CommonClientConfigs.SPEC)
            .define(ACKS).define(LINGER_MS).define(BATCH_SIZE).define(BUFFER_MEMORY)
            .define(COMPRESSION_TYPE).define(GZIP_LEVEL).define(LZ4_LEVEL).define(ZSTD_LEVEL)
            .define(RETRIES).define(DELIVERY_TIMEOUT_MS).define(MAX_BLOCK_MS).define(MAX_IN_FLIGHT)
            .define(ENABLE_IDEMPOTENCE).define(MAX_REQUEST_SIZE).define(PARTITIONER_CLASS)
            .define(KEY_SERIALIZER).define(VALUE_SERIALIZER).define(TRANSACTIONAL_ID).define(TRANSACTION_TIMEOUT_MS)
            .define(INTERCEPTOR_CLASSES).include(SOCKET_BUFFERS.spec())
            .build();

    /**
     * The network's settings: the common client keys, and send.buffer.bytes and receive.buffer.bytes set on each
     * connection's socket as kafka-clients' producer sets them (-1 for the OS default).
     */
    public ClientNetworkConfig networkConfig() {
        return ClientNetworkConfig.from(values).withSocketBuffers(SOCKET_BUFFERS.socketBuffers(values));
    }

    /**
     * Parses and checks raw settings.
     *
     * @throws ConfigException for an unknown key, a bad value, or settings that contradict each other
     */
    public static ProducerSettings from(Map<String, ?> raw) {
        ConfigValues v = SPEC.parse(withClientId(raw));
        String transactionalId = v.get(TRANSACTIONAL_ID);
        Acks acks = Acks.parse(v.get(ACKS));
        CompressionType compression = compressionType(v.get(COMPRESSION_TYPE));
        int requestTimeoutMs = v.get(CommonClientConfigs.REQUEST_TIMEOUT_MS);
        long lingerMs = v.get(LINGER_MS);
        int maxInFlight = v.get(MAX_IN_FLIGHT);
        long backoffMs = v.get(CommonClientConfigs.RETRY_BACKOFF_MS);
        return new ProducerSettings(v.get(CommonClientConfigs.BOOTSTRAP_SERVERS), v.get(CommonClientConfigs.CLIENT_ID),
                acks, lingerMs, v.get(BATCH_SIZE), v.get(BUFFER_MEMORY), compression, level(v, compression),
                v.get(RETRIES), backoffMs, Math.max(backoffMs, v.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS)),
                deliveryTimeout(v, lingerMs, requestTimeoutMs), requestTimeoutMs, v.get(MAX_BLOCK_MS), maxInFlight,
                transactionalIdempotence(idempotence(v, acks, maxInFlight), transactionalId), v.get(MAX_REQUEST_SIZE),
                v.get(CommonClientConfigs.METADATA_MAX_AGE_MS), v.get(PARTITIONER_CLASS), v.get(KEY_SERIALIZER),
                v.get(VALUE_SERIALIZER), transactionalId, v.get(TRANSACTION_TIMEOUT_MS), v, v.originals());
    }

    /**
     * As kafka-clients: a producer without client.id is named producer-TRANSACTIONAL_ID when transactional,
     * else producer-N, in its requests and logs.
     */
    private static Map<String, ?> withClientId(Map<String, ?> raw) {
        Object id = raw.get(CommonClientConfigs.CLIENT_ID.name());
        if (id != null && !id.toString().isBlank()) {
            return raw;
        }
        Object transactionalId = raw.get(TRANSACTIONAL_ID.name());
        Map<String, Object> named = new java.util.LinkedHashMap<>(raw);
        named.put(CommonClientConfigs.CLIENT_ID.name(), transactionalId != null && !transactionalId.toString().isEmpty()
                ? "producer-" + transactionalId : "producer-" + PRODUCER_NUMBER.incrementAndGet());
        return named;
    }

    /**
     * As kafka-clients: transactions are built on idempotence, so a transactional.id with idempotence off
     * (set so, or dropped because acks or max.in.flight rule it out) is an error.
     */
    private static boolean transactionalIdempotence(boolean idempotence, String transactionalId) {
        if (transactionalId != null && !idempotence) {
            throw new ConfigException("Cannot set a transactional.id without also enabling idempotence: transactional.id "
                    + transactionalId + " needs enable.idempotence=true, acks=all, retries above 0 and"
                    + " max.in.flight.requests.per.connection at most " + MAX_IDEMPOTENT_IN_FLIGHT);
        }
        return idempotence;
    }

    private static int deliveryTimeout(ConfigValues v, long lingerMs, int requestTimeoutMs) {
        int deliveryTimeoutMs = v.get(DELIVERY_TIMEOUT_MS);
        long floor = lingerMs + requestTimeoutMs;
        if (deliveryTimeoutMs >= floor) {
            return deliveryTimeoutMs;
        }
        if (v.isSet(DELIVERY_TIMEOUT_MS)) {
            throw new ConfigException("Invalid value " + deliveryTimeoutMs + " for configuration delivery.timeout.ms:"
                    + " must be at least linger.ms + request.timeout.ms = " + lingerMs + " + " + requestTimeoutMs
                    + " = " + floor);
        }
        log.warn("delivery.timeout.ms raised from its default {} to linger.ms + request.timeout.ms = {}",
                deliveryTimeoutMs, floor);
        return (int) Math.min(Integer.MAX_VALUE, floor);
    }

    /** Whether the producer is transactional (has a transactional.id). */
    public boolean transactional() {
        return transactionalId != null;
    }

    private static boolean idempotence(ConfigValues v, Acks acks, int maxInFlight) {
        boolean wanted = v.get(ENABLE_IDEMPOTENCE);
        int retries = v.get(RETRIES);
        String conflict = acks != Acks.ALL ? "acks must be all (-1) for idempotence, got " + v.get(ACKS)
                : maxInFlight > MAX_IDEMPOTENT_IN_FLIGHT ? "max.in.flight.requests.per.connection must be at most "
                + MAX_IDEMPOTENT_IN_FLIGHT + " for idempotence, got " + maxInFlight
                : retries == 0 ? "retries must be above 0 for idempotence, got 0" : null;
        if (!wanted || conflict == null) {
            return wanted;
        }
        if (v.isSet(ENABLE_IDEMPOTENCE)) {
            throw new ConfigException("Invalid value true for configuration enable.idempotence: " + conflict
                    + "; set enable.idempotence=false or change that setting");
        }
        log.info("Idempotence is off: it is on by default, but {}", conflict);
        return false;
    }

    private static int level(ConfigValues v, CompressionType type) {
        return switch (type) {
            case GZIP -> v.get(GZIP_LEVEL);
            case LZ4 -> v.get(LZ4_LEVEL);
            case ZSTD -> v.get(ZSTD_LEVEL);
            case NONE, SNAPPY -> 0;
        };
    }

    private static ConfigKey<Integer> levelKey(CompressionType type) {
        String name = "compression." + type.configName() + ".level";
        int defaultLevel = type.defaultLevel();
        ConfigValidator range = ConfigValidator.of("must be between " + type.minLevel() + " and " + type.maxLevel()
                        + (defaultLevel < type.minLevel() ? " or " + defaultLevel : ""),
                value -> {
                    int level = (Integer) value;
                    return level == defaultLevel || (level >= type.minLevel() && level <= type.maxLevel());
                });
        return ConfigKey.ofInt(name, defaultLevel, "The " + type.configName() + " compression level").validatedBy(range);
    }

    private static String[] compressionNames() {
        return Arrays.stream(CompressionType.values()).map(CompressionType::configName).toArray(String[]::new);
    }

    private static CompressionType compressionType(String name) {
        for (CompressionType type : CompressionType.values()) {
            if (type.configName().equals(name)) {
                return type;
            }
        }
        throw new ConfigException("Invalid value " + name + " for configuration compression.type: expected one of "
                + String.join(", ", compressionNames()));
    }
}
