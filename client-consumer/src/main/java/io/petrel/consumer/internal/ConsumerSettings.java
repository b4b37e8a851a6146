package io.petrel.consumer.internal;

import io.petrel.client.ConfigException;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.config.ConfigKey;
import io.petrel.client.internal.config.ConfigSpec;
import io.petrel.client.internal.config.ConfigValidator;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.config.SocketBufferConfigs;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.ConsumerConfig;
import io.petrel.consumer.IsolationLevel;
import io.petrel.serializers.Deserializer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The consumer's settings, parsed and checked once: every key Kafka's consumer takes that Petrel
 * implements, with kafka-clients 4.x's defaults, plus the checks that span keys.
 *
 * <p>How it works: {@link #SPEC} (client-core's common keys plus the consumer's) parses the raw map
 * strictly, so an unknown key or bad value is a ConfigException naming key, value and what is accepted.
 * partition.assignment.strategy may hold assignor instances or classes, which the spec's LIST type does
 * not take, so its raw value is set aside before parsing and resolved by the group code. {@link #from}
 * then applies the cross-key rules as kafka-clients does (heartbeat below session timeout, no auto commit
 * without a group, no setting of the other group protocol) and freezes the result in this record.
 *
 * @param assignmentStrategy  the raw partition.assignment.strategy (names, classes or instances)
 * @param groupProtocol       classic (JoinGroup/SyncGroup) or consumer (ConsumerGroupHeartbeat, KIP-848)
 * @param groupRemoteAssignor the broker-side assignor asked for with the consumer protocol, or null
 * @param values             every parsed value, for keys without a field here
 */
public record ConsumerSettings(String clientId, String groupId, String groupInstanceId, AutoOffsetReset autoOffsetReset,
                               boolean autoCommit, int autoCommitIntervalMs, int maxPollRecords, int maxPollIntervalMs,
                               int sessionTimeoutMs, int heartbeatIntervalMs, int fetchMinBytes, int fetchMaxWaitMs,
                               int fetchMaxBytes, int maxPartitionFetchBytes, IsolationLevel isolationLevel,
                               Object assignmentStrategy, int requestTimeoutMs, int defaultApiTimeoutMs,
                               boolean checkCrcs, String clientRack, long retryBackoffMs, long retryBackoffMaxMs,
                               boolean excludeInternalTopics, Object keyDeserializer, Object valueDeserializer,
                               GroupProtocol groupProtocol, String groupRemoteAssignor, ConfigValues values) {
    private static final AtomicInteger CONSUMER_NUMBER = new AtomicInteger();
    /** kafka-clients 4.x's default strategy: range first, then cooperative-sticky. */
    public static final List<String> DEFAULT_ASSIGNMENT_STRATEGY = List.of(
            "org.apache.kafka.clients.consumer.RangeAssignor",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");

    static final ConfigKey<String> GROUP_ID = ConfigKey.ofString(ConsumerConfig.GROUP_ID, null,
            "The consumer group this consumer belongs to; needed for subscribe and commits").optional();
    static final ConfigKey<String> GROUP_INSTANCE_ID = ConfigKey.ofString(ConsumerConfig.GROUP_INSTANCE_ID, null,
            "A stable member id (static membership)").optional();
    static final ConfigKey<String> GROUP_PROTOCOL = ConfigKey.ofString(ConsumerConfig.GROUP_PROTOCOL, "classic",
                    "The group protocol: classic (JoinGroup/SyncGroup) or consumer (KIP-848 ConsumerGroupHeartbeat)")
            .validatedBy(ConfigValidator.oneOfIgnoreCase("classic", "consumer"));
    static final ConfigKey<String> GROUP_REMOTE_ASSIGNOR = ConfigKey.ofString(ConsumerConfig.GROUP_REMOTE_ASSIGNOR,
            null, "The broker-side assignor (uniform, range) with group.protocol=consumer; default: the broker's "
                    + "first group.consumer.assignors").optional();
    static final ConfigKey<String> AUTO_OFFSET_RESET = ConfigKey.ofString(ConsumerConfig.AUTO_OFFSET_RESET, "latest",
                    "Where to start without a committed offset: earliest, latest or none")
            .validatedBy(ConfigValidator.checking("one of earliest, latest, none",
                    (k, v) -> AutoOffsetReset.parse(v.toString())));
    static final ConfigKey<Boolean> ENABLE_AUTO_COMMIT = ConfigKey.ofBoolean(ConsumerConfig.ENABLE_AUTO_COMMIT, true,
            "Commit positions in the background every auto.commit.interval.ms");
    static final ConfigKey<Integer> AUTO_COMMIT_INTERVAL_MS = ConfigKey.ofInt(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS,
            5_000, "How often positions are auto-committed").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Integer> MAX_POLL_RECORDS = ConfigKey.ofInt(ConsumerConfig.MAX_POLL_RECORDS, 500,
            "The most records one poll returns").validatedBy(ConfigValidator.atLeast(1));
    static final ConfigKey<Integer> MAX_POLL_INTERVAL_MS = ConfigKey.ofInt(ConsumerConfig.MAX_POLL_INTERVAL_MS, 300_000,
            "The longest gap between polls before the member leaves its group").validatedBy(ConfigValidator.atLeast(1));
    static final ConfigKey<Integer> SESSION_TIMEOUT_MS = ConfigKey.ofInt(ConsumerConfig.SESSION_TIMEOUT_MS, 45_000,
            "How long the coordinator waits for a heartbeat before removing the member");
    static final ConfigKey<Integer> HEARTBEAT_INTERVAL_MS = ConfigKey.ofInt(ConsumerConfig.HEARTBEAT_INTERVAL_MS, 3_000,
            "How often heartbeats are sent to the group coordinator");
    static final ConfigKey<Integer> FETCH_MIN_BYTES = ConfigKey.ofInt(ConsumerConfig.FETCH_MIN_BYTES, 1,
            "The least data a fetch waits for").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Integer> FETCH_MAX_WAIT_MS = ConfigKey.ofInt(ConsumerConfig.FETCH_MAX_WAIT_MS, 500,
            "The longest the broker holds a fetch waiting for fetch.min.bytes").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Integer> FETCH_MAX_BYTES = ConfigKey.ofInt(ConsumerConfig.FETCH_MAX_BYTES, 52_428_800,
            "The most data one fetch response returns").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Integer> MAX_PARTITION_FETCH_BYTES = ConfigKey.ofInt(ConsumerConfig.MAX_PARTITION_FETCH_BYTES,
            1_048_576, "The most data per partition in one fetch").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<String> ISOLATION_LEVEL = ConfigKey.ofString(ConsumerConfig.ISOLATION_LEVEL,
                    "read_uncommitted", "read_uncommitted or read_committed")
            .validatedBy(ConfigValidator.oneOfIgnoreCase("read_uncommitted", "read_committed"));
    static final ConfigKey<List<String>> PARTITION_ASSIGNMENT_STRATEGY = ConfigKey.ofList(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY, DEFAULT_ASSIGNMENT_STRATEGY,
            "Assignors by class name or protocol name, in order of preference");
    static final ConfigKey<Object> KEY_DESERIALIZER = ConfigKey.ofClass(ConsumerConfig.KEY_DESERIALIZER, null,
            "The Deserializer of record keys").optional().instancesOf(Deserializer.class);
    static final ConfigKey<Object> VALUE_DESERIALIZER = ConfigKey.ofClass(ConsumerConfig.VALUE_DESERIALIZER, null,
            "The Deserializer of record values").optional().instancesOf(Deserializer.class);
    static final ConfigKey<Integer> DEFAULT_API_TIMEOUT_MS = ConfigKey.ofInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS,
            60_000, "The limit of blocking calls given no timeout").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Boolean> CHECK_CRCS = ConfigKey.ofBoolean(ConsumerConfig.CHECK_CRCS, true,
            "Check the CRC of fetched record batches");
    static final ConfigKey<String> CLIENT_RACK = ConfigKey.ofString(ConsumerConfig.CLIENT_RACK, "",
            "The rack of this consumer, sent in Fetch requests");
    static final ConfigKey<Boolean> ALLOW_AUTO_CREATE_TOPICS = ConfigKey.ofBoolean(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS,
            true, "Let the broker create subscribed topics that do not exist (when it allows that)");
    static final ConfigKey<Boolean> EXCLUDE_INTERNAL_TOPICS = ConfigKey.ofBoolean(ConsumerConfig.EXCLUDE_INTERNAL_TOPICS,
            true, "Never match internal topics with a subscription pattern");
    /** kafka-clients' consumer defaults: a 128 KiB send buffer, a 64 KiB receive buffer. */
    static final SocketBufferConfigs SOCKET_BUFFERS = SocketBufferConfigs.withDefaults(131_072, 65_536);
    static final ConfigKey<List<Object>> INTERCEPTOR_CLASSES = ConfigKey.ofClassList(ConsumerConfig.INTERCEPTOR_CLASSES,
            "ConsumerInterceptor classes (or instances) that see records before poll() returns them and each commit")
            .instancesOf(io.petrel.consumer.ConsumerInterceptor.class);

    /** Every key the consumer accepts. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .include(CommonClientConfigs.SPEC)
            .define(GROUP_ID).define(GROUP_INSTANCE_ID).define(GROUP_PROTOCOL).define(GROUP_REMOTE_ASSIGNOR)
            .define(AUTO_OFFSET_RESET)
            .define(ENABLE_AUTO_COMMIT).define(AUTO_COMMIT_INTERVAL_MS).define(MAX_POLL_RECORDS)
            .define(MAX_POLL_INTERVAL_MS).define(SESSION_TIMEOUT_MS).define(HEARTBEAT_INTERVAL_MS)
            .define(FETCH_MIN_BYTES).define(FETCH_MAX_WAIT_MS).define(FETCH_MAX_BYTES).define(MAX_PARTITION_FETCH_BYTES)
            .define(ISOLATION_LEVEL).define(PARTITION_ASSIGNMENT_STRATEGY).define(KEY_DESERIALIZER)
            .define(VALUE_DESERIALIZER).define(DEFAULT_API_TIMEOUT_MS).define(CHECK_CRCS).define(CLIENT_RACK)
            .define(ALLOW_AUTO_CREATE_TOPICS).define(EXCLUDE_INTERNAL_TOPICS).include(SOCKET_BUFFERS.spec())
            .define(INTERCEPTOR_CLASSES)
            .build();

    /**
     * Parses and checks raw settings.
     *
     * @throws ConfigException for an unknown key, a bad value, or settings that contradict each other
     */
    public static ConsumerSettings from(Map<String, ?> raw) {
        Map<String, Object> map = new LinkedHashMap<>(raw);
        Object strategy = takeStrategy(map);
        ConfigValues v = SPEC.parse(withClientId(map));
        String groupId = blankToNull(v.get(GROUP_ID));
        String instanceId = blankToNull(v.get(GROUP_INSTANCE_ID));
        GroupProtocol protocol = GroupProtocol.parse(v.get(GROUP_PROTOCOL));
        checkProtocolSettings(protocol, v, strategy != null);
        int sessionTimeoutMs = v.get(SESSION_TIMEOUT_MS);
        int heartbeatMs = v.get(HEARTBEAT_INTERVAL_MS);
        if (heartbeatMs >= sessionTimeoutMs) {
            throw new ConfigException("heartbeat.interval.ms (" + heartbeatMs + ") must be lower than session.timeout.ms ("
                    + sessionTimeoutMs + ")");
        }
        if (instanceId != null && groupId == null) {
            throw new ConfigException("group.instance.id " + instanceId + " is set without a group.id: static membership"
                    + " needs a group");
        }
        boolean autoCommit = v.get(ENABLE_AUTO_COMMIT);
        if (groupId == null && autoCommit && v.isSet(ENABLE_AUTO_COMMIT)) {
            throw new ConfigException("enable.auto.commit cannot be true without a group.id: set group.id or "
                    + "enable.auto.commit=false");
        }
        return new ConsumerSettings(v.get(CommonClientConfigs.CLIENT_ID), groupId, instanceId,
                AutoOffsetReset.parse(v.get(AUTO_OFFSET_RESET)), groupId != null && autoCommit,
                v.get(AUTO_COMMIT_INTERVAL_MS), v.get(MAX_POLL_RECORDS), v.get(MAX_POLL_INTERVAL_MS), sessionTimeoutMs,
                heartbeatMs, v.get(FETCH_MIN_BYTES), v.get(FETCH_MAX_WAIT_MS), v.get(FETCH_MAX_BYTES),
                v.get(MAX_PARTITION_FETCH_BYTES), IsolationLevel.parse(v.get(ISOLATION_LEVEL)),
                strategy != null ? strategy : v.get(PARTITION_ASSIGNMENT_STRATEGY),
                v.get(CommonClientConfigs.REQUEST_TIMEOUT_MS), v.get(DEFAULT_API_TIMEOUT_MS), v.get(CHECK_CRCS),
                v.get(CLIENT_RACK), v.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                Math.max(v.get(CommonClientConfigs.RETRY_BACKOFF_MS), v.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS)),
                v.get(EXCLUDE_INTERNAL_TOPICS), v.get(KEY_DESERIALIZER), v.get(VALUE_DESERIALIZER), protocol,
                blankToNull(v.get(GROUP_REMOTE_ASSIGNOR)), v);
    }

    /**
     * As kafka-clients 4.x: settings of the other protocol are refused, naming each key given; for the consumer
     * protocol the message also names the broker-side setting that decides instead.
     */
    private static void checkProtocolSettings(GroupProtocol protocol, ConfigValues v, boolean strategyInstances) {
        List<String> refused = new ArrayList<>();
        List<String> instead = new ArrayList<>();
        if (protocol == GroupProtocol.CONSUMER) {
            if (strategyInstances || v.isSet(PARTITION_ASSIGNMENT_STRATEGY)) {
                refused.add(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY);
                instead.add("the broker assigns partitions (group.remote.assignor picks one of the broker's "
                        + "group.consumer.assignors)");
            }
            if (v.isSet(HEARTBEAT_INTERVAL_MS)) {
                refused.add(ConsumerConfig.HEARTBEAT_INTERVAL_MS);
                instead.add("the broker's group.consumer.heartbeat.interval.ms decides the heartbeat interval");
            }
            if (v.isSet(SESSION_TIMEOUT_MS)) {
                refused.add(ConsumerConfig.SESSION_TIMEOUT_MS);
                instead.add("the broker's group.consumer.session.timeout.ms decides the session timeout");
            }
        } else if (blankToNull(v.get(GROUP_REMOTE_ASSIGNOR)) != null) {
            refused.add(ConsumerConfig.GROUP_REMOTE_ASSIGNOR);
            instead.add("it applies to group.protocol=consumer only");
        }
        if (!refused.isEmpty()) {
            throw new ConfigException(String.join(", ", refused) + " cannot be set when group.protocol="
                    + protocol.name() + ": " + String.join("; ", instead));
        }
    }

    /**
     * Removes partition.assignment.strategy from {@code map} when it holds something other than names
     * (instances, classes), returning it; else null and the spec parses the names.
     */
    private static Object takeStrategy(Map<String, Object> map) {
        Object value = map.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY);
        boolean names = value == null || value instanceof String
                || value instanceof Collection<?> c && c.stream().allMatch(e -> e instanceof String);
        if (names) {
            return null;
        }
        map.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY);
        return value;
    }

    /**
     * The network's settings: the common client keys, and send.buffer.bytes and receive.buffer.bytes set on each
     * connection's socket as kafka-clients sets them (-1 for the OS default).
     */
    ClientNetworkConfig networkConfig() {
        return ClientNetworkConfig.from(values).withSocketBuffers(SOCKET_BUFFERS.socketBuffers(values));
    }

    /** As kafka-clients: a consumer without client.id is named consumer-[group-]N. */
    private static Map<String, ?> withClientId(Map<String, Object> raw) {
        Object id = raw.get(CommonClientConfigs.CLIENT_ID.name());
        if (id != null && !id.toString().isBlank()) {
            return raw;
        }
        Object group = raw.get(ConsumerConfig.GROUP_ID);
        String prefix = group == null || group.toString().isBlank() ? "consumer-" : "consumer-" + group + "-";
        raw.put(CommonClientConfigs.CLIENT_ID.name(), prefix + CONSUMER_NUMBER.incrementAndGet());
        return raw;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

}
