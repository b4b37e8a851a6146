package io.petrel.consumer;

import io.petrel.client.ClientSecurity;
import io.petrel.client.Time;
import io.petrel.consumer.internal.PetrelConsumer;
import io.petrel.serializers.Deserializer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Consumer} with typed setters. Each setter stands for one of Kafka's settings (named in
 * its comment) and goes through the same checks as a Map of settings; {@link #config} takes any other.
 */
public final class ConsumerBuilder<K, V> {
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final Map<String, Object> configs = new LinkedHashMap<>();
    private Time time = Time.SYSTEM;

    ConsumerBuilder(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
        this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
    }

    /** {@code bootstrap.servers}: host:port of one or more brokers. Required. */
    public ConsumerBuilder<K, V> bootstrapServers(String... hostPorts) {
        return config(ConsumerConfig.BOOTSTRAP_SERVERS, List.of(hostPorts));
    }

    /** {@code client.id}: a name for this consumer in the brokers' logs. */
    public ConsumerBuilder<K, V> clientId(String clientId) {
        return config(ConsumerConfig.CLIENT_ID, clientId);
    }

    /** {@code group.id}: the consumer group to join; needed for subscribe and commits. */
    public ConsumerBuilder<K, V> groupId(String groupId) {
        return config(ConsumerConfig.GROUP_ID, groupId);
    }

    /** {@code group.instance.id}: makes this member static, keeping its partitions across restarts. */
    public ConsumerBuilder<K, V> groupInstanceId(String groupInstanceId) {
        return config(ConsumerConfig.GROUP_INSTANCE_ID, groupInstanceId);
    }

    /**
     * {@code group.protocol}: "classic" (default, JoinGroup/SyncGroup) or "consumer" (Kafka 4's KIP-848 protocol:
     * the broker assigns, and session timeout and heartbeat interval are the broker's).
     */
    public ConsumerBuilder<K, V> groupProtocol(String protocol) {
        return config(ConsumerConfig.GROUP_PROTOCOL, protocol);
    }

    /** {@code group.remote.assignor}: with group.protocol=consumer, the broker-side assignor (uniform, range). */
    public ConsumerBuilder<K, V> groupRemoteAssignor(String assignor) {
        return config(ConsumerConfig.GROUP_REMOTE_ASSIGNOR, assignor);
    }

    /** {@code auto.offset.reset} (default LATEST). */
    public ConsumerBuilder<K, V> autoOffsetReset(AutoOffsetReset reset) {
        return config(ConsumerConfig.AUTO_OFFSET_RESET, reset.configValue());
    }

    /** {@code enable.auto.commit} (default true with a group.id). */
    public ConsumerBuilder<K, V> enableAutoCommit(boolean enabled) {
        return config(ConsumerConfig.ENABLE_AUTO_COMMIT, enabled);
    }

    /** {@code auto.commit.interval.ms} (default 5 s). */
    public ConsumerBuilder<K, V> autoCommitInterval(Duration interval) {
        return config(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS, Math.toIntExact(interval.toMillis()));
    }

    /** {@code max.poll.records}: the most records one poll returns (default 500). */
    public ConsumerBuilder<K, V> maxPollRecords(int records) {
        return config(ConsumerConfig.MAX_POLL_RECORDS, records);
    }

    /** {@code max.poll.interval.ms}: the longest gap between polls before the member leaves the group (default 5 min). */
    public ConsumerBuilder<K, V> maxPollInterval(Duration interval) {
        return config(ConsumerConfig.MAX_POLL_INTERVAL_MS, Math.toIntExact(interval.toMillis()));
    }

    /** {@code session.timeout.ms}: how long the coordinator waits for heartbeats (default 45 s; classic only). */
    public ConsumerBuilder<K, V> sessionTimeout(Duration timeout) {
        return config(ConsumerConfig.SESSION_TIMEOUT_MS, Math.toIntExact(timeout.toMillis()));
    }

    /** {@code heartbeat.interval.ms} (default 3 s; classic protocol only). */
    public ConsumerBuilder<K, V> heartbeatInterval(Duration interval) {
        return config(ConsumerConfig.HEARTBEAT_INTERVAL_MS, Math.toIntExact(interval.toMillis()));
    }

    /** {@code fetch.min.bytes}: the broker holds a fetch until this much data is there (default 1). */
    public ConsumerBuilder<K, V> fetchMinBytes(int bytes) {
        return config(ConsumerConfig.FETCH_MIN_BYTES, bytes);
    }

    /** {@code fetch.max.wait.ms}: the longest the broker holds a fetch (default 500 ms). */
    public ConsumerBuilder<K, V> fetchMaxWait(Duration wait) {
        return config(ConsumerConfig.FETCH_MAX_WAIT_MS, Math.toIntExact(wait.toMillis()));
    }

    /** {@code fetch.max.bytes}: the most data one fetch response carries (default 50 MiB). */
    public ConsumerBuilder<K, V> fetchMaxBytes(int bytes) {
        return config(ConsumerConfig.FETCH_MAX_BYTES, bytes);
    }

    /** {@code max.partition.fetch.bytes}: the most data per partition in one fetch (default 1 MiB). */
    public ConsumerBuilder<K, V> maxPartitionFetchBytes(int bytes) {
        return config(ConsumerConfig.MAX_PARTITION_FETCH_BYTES, bytes);
    }

    /** {@code isolation.level} (default READ_UNCOMMITTED). */
    public ConsumerBuilder<K, V> isolationLevel(IsolationLevel level) {
        return config(ConsumerConfig.ISOLATION_LEVEL, level.configValue());
    }

    /** {@code partition.assignment.strategy}, as instances in order of preference. */
    public ConsumerBuilder<K, V> assignors(PartitionAssignor... assignors) {
        return config(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY, List.of(assignors));
    }

    /** {@code request.timeout.ms} (default 30 s). */
    public ConsumerBuilder<K, V> requestTimeout(Duration timeout) {
        return config(ConsumerConfig.REQUEST_TIMEOUT_MS, Math.toIntExact(timeout.toMillis()));
    }

    /** {@code default.api.timeout.ms}: the limit of blocking calls given no Duration (default 60 s). */
    public ConsumerBuilder<K, V> defaultApiTimeout(Duration timeout) {
        return config(ConsumerConfig.DEFAULT_API_TIMEOUT_MS, Math.toIntExact(timeout.toMillis()));
    }

    /** The clock for timeouts, heartbeats and auto commits; the system clock unless a test needs another. */
    public ConsumerBuilder<K, V> time(Time time) {
        this.time = Objects.requireNonNull(time, "time");
        return this;
    }

    /**
     * {@code security.protocol} with its TLS and SASL settings ({@code ssl.*}, {@code sasl.*}), e.g.
     * {@code ClientSecurity.saslTls().trustStore(path, password).scramSha512(user, password)}.
     */
    public ConsumerBuilder<K, V> security(ClientSecurity security) {
        return configs(security.settings());
    }

    /** Any setting by its Kafka name; checked at {@link #build()}. */
    public ConsumerBuilder<K, V> config(String key, Object value) {
        configs.put(key, value);
        return this;
    }

    /** Several settings by their Kafka names. */
    public ConsumerBuilder<K, V> configs(Map<String, ?> settings) {
        configs.putAll(settings);
        return this;
    }

    /**
     * Builds the consumer; it connects on first use.
     *
     * @throws io.petrel.client.ConfigException for a bad or missing setting, naming key, value and what is accepted
     */
    public Consumer<K, V> build() {
        return PetrelConsumer.create(configs, keyDeserializer, valueDeserializer, time);
    }
}
