package io.petrel.producer;

import io.petrel.client.ClientSecurity;
import io.petrel.client.Time;
import io.petrel.compression.CompressionType;
import io.petrel.producer.internal.PetrelProducer;
import io.petrel.serializers.Serializer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Producer} with typed setters. Each setter stands for one of Kafka's settings (named in
 * its comment) and goes through the same checks as a Map of settings; {@link #config} takes any other.
 */
public final class ProducerBuilder<K, V> {
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Map<String, Object> configs = new LinkedHashMap<>();
    private Time time = Time.SYSTEM;

    ProducerBuilder(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    }

    /** {@code bootstrap.servers}: host:port of one or more brokers. Required. */
    public ProducerBuilder<K, V> bootstrapServers(String... hostPorts) {
        return config(ProducerConfig.BOOTSTRAP_SERVERS, List.of(hostPorts));
    }

    /** {@code client.id}: a name for this producer in the brokers' logs. */
    public ProducerBuilder<K, V> clientId(String clientId) {
        return config(ProducerConfig.CLIENT_ID, clientId);
    }

    /** {@code acks}: ALL (default), LEADER or NONE. */
    public ProducerBuilder<K, V> acks(Acks acks) {
        return config(ProducerConfig.ACKS, acks.configValue());
    }

    /** {@code linger.ms}: how long a batch waits for more records (default 5 ms). */
    public ProducerBuilder<K, V> linger(Duration linger) {
        return config(ProducerConfig.LINGER_MS, linger.toMillis());
    }

    /** {@code linger.ms}, in milliseconds. */
    public ProducerBuilder<K, V> lingerMs(long lingerMs) {
        return config(ProducerConfig.LINGER_MS, lingerMs);
    }

    /** {@code batch.size}: bytes a partition's batch grows to before it goes (default 16384). */
    public ProducerBuilder<K, V> batchSize(int bytes) {
        return config(ProducerConfig.BATCH_SIZE, bytes);
    }

    /** {@code buffer.memory}: bytes of records held before send() blocks (default 32 MiB). */
    public ProducerBuilder<K, V> bufferMemory(long bytes) {
        return config(ProducerConfig.BUFFER_MEMORY, bytes);
    }

    /** {@code compression.type}: the codec of record batches (default NONE). */
    public ProducerBuilder<K, V> compression(CompressionType type) {
        return config(ProducerConfig.COMPRESSION_TYPE, type.configName());
    }

    /** {@code compression.type} with {@code compression.<type>.level}, for gzip, lz4 and zstd. */
    public ProducerBuilder<K, V> compression(CompressionType type, int level) {
        if (!type.hasLevels()) {
            throw new IllegalArgumentException(type.configName() + " has no compression level");
        }
        compression(type);
        return config("compression." + type.configName() + ".level", level);
    }

    /** {@code retries}: attempts after the first (default Integer.MAX_VALUE; delivery.timeout.ms bounds them). */
    public ProducerBuilder<K, V> retries(int retries) {
        return config(ProducerConfig.RETRIES, retries);
    }

    /** {@code retry.backoff.ms} and {@code retry.backoff.max.ms}: the first and the longest wait between attempts. */
    public ProducerBuilder<K, V> retryBackoff(Duration first, Duration max) {
        config(ProducerConfig.RETRY_BACKOFF_MS, first.toMillis());
        return config(ProducerConfig.RETRY_BACKOFF_MAX_MS, max.toMillis());
    }

    /** {@code delivery.timeout.ms}: the longest from send() to success or failure (default 2 minutes). */
    public ProducerBuilder<K, V> deliveryTimeout(Duration timeout) {
        return config(ProducerConfig.DELIVERY_TIMEOUT_MS, Math.toIntExact(timeout.toMillis()));
    }

    /** {@code request.timeout.ms}: how long a request waits for its response (default 30 s). */
    public ProducerBuilder<K, V> requestTimeout(Duration timeout) {
        return config(ProducerConfig.REQUEST_TIMEOUT_MS, Math.toIntExact(timeout.toMillis()));
    }

    /** {@code max.block.ms}: the longest send() blocks on a full buffer, or a record waits for metadata (default 60 s). */
    public ProducerBuilder<K, V> maxBlock(Duration timeout) {
        return config(ProducerConfig.MAX_BLOCK_MS, timeout.toMillis());
    }

    /** {@code max.in.flight.requests.per.connection} (default 5; at most 5 with idempotence). */
    public ProducerBuilder<K, V> maxInFlightRequestsPerConnection(int requests) {
        return config(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, requests);
    }

    /** {@code enable.idempotence} (default true). */
    public ProducerBuilder<K, V> idempotence(boolean enabled) {
        return config(ProducerConfig.ENABLE_IDEMPOTENCE, enabled);
    }

    /** {@code max.request.size}: the largest Produce request, and so record (default 1 MiB). */
    public ProducerBuilder<K, V> maxRequestSize(int bytes) {
        return config(ProducerConfig.MAX_REQUEST_SIZE, bytes);
    }

    /** {@code partitioner.class}, as an instance. */
    public ProducerBuilder<K, V> partitioner(Partitioner partitioner) {
        return config(ProducerConfig.PARTITIONER_CLASS, partitioner);
    }

    /** {@code metadata.max.age.ms}: how often metadata is refreshed regardless (default 5 minutes). */
    public ProducerBuilder<K, V> metadataMaxAge(Duration age) {
        return config(ProducerConfig.METADATA_MAX_AGE_MS, age.toMillis());
    }

    /**
     * {@code security.protocol} with its TLS and SASL settings ({@code ssl.*}, {@code sasl.*}), e.g.
     * {@code ClientSecurity.saslTls().trustStore(path, password).scramSha512(user, password)}.
     */
    public ProducerBuilder<K, V> security(ClientSecurity security) {
        return configs(security.settings());
    }

    /** Any setting by its Kafka name; checked at {@link #build()}. */
    public ProducerBuilder<K, V> config(String key, Object value) {
        configs.put(key, value);
        return this;
    }

    /** Several settings by their Kafka names. */
    public ProducerBuilder<K, V> configs(Map<String, ?> settings) {
        configs.putAll(settings);
        return this;
    }

    /** The clock for linger, timeouts and backoff; the system clock unless a test needs another. */
    public ProducerBuilder<K, V> time(Time time) {
        this.time = Objects.requireNonNull(time, "time");
        return this;
    }

    /**
     * Builds and starts the producer.
     *
     * @throws io.petrel.client.ConfigException for a bad or missing setting, naming key, value and what is accepted
     */
    public Producer<K, V> build() {
        return PetrelProducer.create(configs, keySerializer, valueSerializer, time);
    }
}
