package io.petrel.broker.internal.handler;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.broker.LogConfig;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.topic.ConfigEntry;
import io.petrel.broker.internal.topic.ConfigSource;
import io.petrel.broker.internal.topic.ConfigSynonym;
import io.petrel.broker.internal.topic.DescribedConfigType;
import io.petrel.broker.internal.topic.DynamicBrokerConfigs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.petrel.broker.internal.topic.DescribedConfigType.BOOLEAN;
import static io.petrel.broker.internal.topic.DescribedConfigType.INT;
import static io.petrel.broker.internal.topic.DescribedConfigType.LIST;
import static io.petrel.broker.internal.topic.DescribedConfigType.LONG;
import static io.petrel.broker.internal.topic.DescribedConfigType.SHORT;
import static io.petrel.broker.internal.topic.DescribedConfigType.STRING;

/**
 * This broker's settings under Kafka's broker config names, as DescribeConfigs reports a broker: each
 * {@link BrokerConfig} field that has a Kafka counterpart, and the fixed facts of a single node (one
 * replica for everything, combined broker and controller). A value equal to Kafka's default is reported
 * as DEFAULT_CONFIG, any other as STATIC_BROKER_CONFIG with Kafka's default as its synonym. Settings
 * whose Kafka default is unset (log.retention.ms, log.roll.ms, log.flush.interval.ms) are null unless
 * this broker's value differs from what the fallback setting (hours, or never) gives, as in Kafka.
 */
final class BrokerConfigView {
    private static final long SEVEN_DAYS_MS = Duration.ofDays(7).toMillis();
    private static final String LONG_MAX = Long.toString(Long.MAX_VALUE);

    private BrokerConfigView() {
    }

    private static String advertisedListeners(BrokerIdentity identity) {
        StringBuilder value = new StringBuilder();
        identity.endpoints().forEach((name, endpoint) ->
                value.append(value.length() == 0 ? "" : ",").append(name).append("://").append(endpoint));
        return value.toString();
    }

    /** The broker's configs, sorted by name. */
    static List<ConfigEntry> entries(BrokerConfig config, BrokerIdentity identity) {
        Map<String, String> log = config.logDefaults().toMap();
        LogConfig l = config.logDefaults();
        List<ConfigEntry> entries = new ArrayList<>();
        String nodeId = Integer.toString(identity.nodeId());
        entries.add(entry("advertised.listeners", advertisedListeners(identity), null, STRING, false));
        entries.add(entry("auto.create.topics.enable", Boolean.toString(config.autoCreateTopics()), "true",
                BOOLEAN, true));
        entries.add(entry("broker.id", nodeId, "-1", INT, true));
        entries.add(entry("compression.type", "producer", "producer", STRING, false));
        entries.add(entry("connections.max.idle.ms", Long.toString(config.idleConnectionTimeout().toMillis()),
                "600000", LONG, true));
        entries.add(entry("default.replication.factor", "1", "1", INT, true));
        entries.add(entry("delete.topic.enable", "true", "true", BOOLEAN, true));
        ConsumerGroupSettings consumer = config.consumerGroups();
        entries.add(entry("group.consumer.assignors", String.join(",", consumer.assignors()), "uniform,range", LIST,
                true));
        entries.add(entry("group.consumer.heartbeat.interval.ms",
                Long.toString(consumer.heartbeatInterval().toMillis()), "5000", INT, true));
        entries.add(entry("group.consumer.max.size", Integer.toString(consumer.maxSize()),
                Integer.toString(Integer.MAX_VALUE), INT, true));
        entries.add(entry("group.consumer.migration.policy", consumer.migrationPolicy(), "bidirectional", STRING,
                true));
        entries.add(entry("group.consumer.session.timeout.ms", Long.toString(consumer.sessionTimeout().toMillis()),
                "45000", INT, true));
        entries.add(entry("group.initial.rebalance.delay.ms",
                Long.toString(config.groupInitialRebalanceDelay().toMillis()), "3000", INT, true));
        entries.add(entry("group.max.session.timeout.ms", Long.toString(config.groupMaxSessionTimeout().toMillis()),
                "1800000", INT, true));
        entries.add(entry("group.max.size", Integer.toString(config.groupMaxSize()),
                Integer.toString(Integer.MAX_VALUE), INT, true));
        entries.add(entry("group.min.session.timeout.ms", Long.toString(config.groupMinSessionTimeout().toMillis()),
                "6000", INT, true));
        entries.add(entry("log.cleaner.backoff.ms", Long.toString(config.logCleaner().backoff().toMillis()), "15000",
                LONG, false));
        entries.add(entry("log.cleaner.dedupe.buffer.size", Long.toString(config.logCleaner().dedupeBufferBytes()),
                "134217728", LONG, false));
        entries.add(entry("log.cleaner.enable", Boolean.toString(config.logCleaner().enabled()), "true", BOOLEAN,
                true));
        entries.add(entry("log.cleanup.policy", "delete", "delete", LIST, false));
        entries.add(entry("log.dirs", config.dataDir() == null ? null : config.dataDir().toString(), null,
                STRING, true));
        entries.add(entry("log.flush.interval.messages", log.get("flush.messages"), LONG_MAX, LONG, false));
        entries.add(entry("log.flush.interval.ms", LONG_MAX.equals(log.get("flush.ms")) ? null : log.get("flush.ms"),
                null, LONG, false));
        entries.add(entry("log.index.interval.bytes", log.get("index.interval.bytes"), "4096", INT, false));
        entries.add(entry("log.message.timestamp.type", log.get("message.timestamp.type"), "CreateTime",
                STRING, false));
        entries.add(entry("log.retention.bytes", log.get("retention.bytes"), "-1", LONG, false));
        entries.add(entry("log.retention.hours", "168", "168", INT, true));
        entries.add(entry("log.retention.ms", l.retentionMs() == SEVEN_DAYS_MS ? null : log.get("retention.ms"), null,
                LONG, false));
        entries.add(entry("log.roll.hours", "168", "168", INT, true));
        entries.add(entry("log.roll.ms", l.segmentMs() == SEVEN_DAYS_MS ? null : log.get("segment.ms"), null,
                LONG, false));
        entries.add(entry("log.segment.bytes", log.get("segment.bytes"), "1073741824", INT, false));
        entries.add(entry("max.connections", Integer.toString(config.connectionLimits().maxConnections()),
                "2147483647", INT, true));
        entries.add(entry("max.connections.per.ip", Integer.toString(config.connectionLimits().maxConnectionsPerIp()),
                "2147483647", INT, true));
        entries.add(entry("max.incremental.fetch.session.cache.slots",
                Integer.toString(config.fetchSessionCacheSlots()), "1000", INT, true));
        entries.add(entry("message.max.bytes", log.get("max.message.bytes"), "1048588", INT, false));
        entries.add(entry("min.insync.replicas", "1", "1", INT, false));
        entries.add(entry("node.id", nodeId, null, INT, true));
        entries.add(entry("num.partitions", Integer.toString(config.numPartitions()), "1", INT, true));
        entries.add(entry("offsets.retention.minutes", Long.toString(config.offsetsRetention().toMinutes()), "10080",
                INT, true));
        entries.add(entry("offsets.topic.replication.factor", "1", "3", SHORT, true));
        entries.add(entry("process.roles", "broker,controller", "", LIST, true));
        entries.add(entry("queued.max.request.bytes", Long.toString(config.connectionLimits().queuedMaxRequestBytes()),
                "-1", LONG, true));
        entries.add(entry("quota.window.num", Integer.toString(config.quotaWindow().samples()), "11", INT, true));
        entries.add(entry("quota.window.size.seconds", Long.toString(config.quotaWindow().sampleSize().toSeconds()),
                "1", INT, true));
        entries.add(entry("socket.request.max.bytes", Integer.toString(config.maxRequestBytes()), "104857600",
                INT, true));
        entries.add(entry("transaction.state.log.replication.factor", "1", "3", SHORT, true));
        entries.add(entry("unclean.leader.election.enable", "false", "false", BOOLEAN, false));
        entries.sort(Comparator.comparing(ConfigEntry::name));
        return entries;
    }

    /**
     * The broker's entries with its dynamic configs over them: a config set at run time takes that value and source,
     * its dynamic synonyms listed before the static ones; one this view does not list is added as a string.
     */
    static List<ConfigEntry> withDynamic(List<ConfigEntry> entries, DynamicBrokerConfigs dynamic) {
        Map<String, ConfigEntry> byName = new java.util.TreeMap<>();
        entries.forEach(e -> byName.put(e.name(), e));
        for (String name : dynamic.names()) {
            List<ConfigSynonym> synonyms = new ArrayList<>(dynamic.synonyms(name));
            ConfigEntry existing = byName.get(name);
            // Kafka lists the static and default synonyms that have a value, and for the .ms settings whose
            // default is unset, the .hours setting they fall back to.
            ConfigEntry fallback = byName.get(HOURS_FALLBACK.getOrDefault(name, ""));
            for (ConfigEntry source : java.util.Arrays.asList(existing, fallback)) {
                if (source != null) {
                    source.synonyms().stream().filter(syn -> syn.value() != null && !dynamicSource(syn))
                            .forEach(synonyms::add);
                }
            }
            ConfigSynonym inEffect = synonyms.get(0);
            byName.put(name, new ConfigEntry(name, inEffect.value(), inEffect.source(),
                    existing == null ? STRING : existing.type(), false, synonyms));
        }
        return new ArrayList<>(byName.values());
    }

    private static final Map<String, String> HOURS_FALLBACK = Map.of("log.retention.ms", "log.retention.hours",
            "log.roll.ms", "log.roll.hours");

    private static boolean dynamicSource(ConfigSynonym synonym) {
        return synonym.source() == ConfigSource.DYNAMIC_BROKER_CONFIG
                || synonym.source() == ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
    }

    /** The cluster-wide dynamic defaults (the empty broker name), each with its one synonym. */
    static List<ConfigEntry> clusterDefaults(DynamicBrokerConfigs dynamic, BrokerConfig config, BrokerIdentity identity) {
        Map<String, ConfigEntry> known = new java.util.TreeMap<>();
        entries(config, identity).forEach(e -> known.put(e.name(), e));
        List<ConfigEntry> defaults = new ArrayList<>();
        dynamic.values(DynamicBrokerConfigs.Level.CLUSTER_DEFAULT).forEach((name, value) -> {
            ConfigSynonym synonym = new ConfigSynonym(name, value, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            ConfigEntry existing = known.get(name);
            defaults.add(new ConfigEntry(name, value, synonym.source(), existing == null ? STRING : existing.type(), false,
                    List.of(synonym)));
        });
        return defaults;
    }

    /** The names of the broker configs this view lists: Kafka's broker configs a client may name. */
    static java.util.Set<String> names(BrokerConfig config, BrokerIdentity identity) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        entries(config, identity).forEach(e -> names.add(e.name()));
        return names;
    }

    private static ConfigEntry entry(String name, String value, String kafkaDefault, DescribedConfigType type,
                                     boolean readOnly) {
        boolean isDefault = value == null ? kafkaDefault == null : value.equals(kafkaDefault);
        ConfigSource source = isDefault ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG;
        List<ConfigSynonym> synonyms = new ArrayList<>(2);
        synonyms.add(new ConfigSynonym(name, value, source));
        if (!isDefault && kafkaDefault != null) {
            synonyms.add(new ConfigSynonym(name, kafkaDefault, ConfigSource.DEFAULT_CONFIG));
        }
        return new ConfigEntry(name, value, source, type, readOnly, synonyms);
    }
}
