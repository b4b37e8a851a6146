package io.petrel.broker.internal.topic;

import io.petrel.broker.LogConfig;
import io.petrel.broker.internal.log.CompactionConfig;
import io.petrel.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.petrel.broker.internal.topic.DescribedConfigType.BOOLEAN;
import static io.petrel.broker.internal.topic.DescribedConfigType.DOUBLE;
import static io.petrel.broker.internal.topic.DescribedConfigType.INT;
import static io.petrel.broker.internal.topic.DescribedConfigType.LIST;
import static io.petrel.broker.internal.topic.DescribedConfigType.LONG;
import static io.petrel.broker.internal.topic.DescribedConfigType.STRING;

/**
 * The topic configs of Apache Kafka 4.x: every key a topic may be created with, its type, Kafka's default
 * and its broker-level counterpart, and the checks a value must pass.
 *
 * <p>How it works: the keys {@link LogConfig} understands (segment, retention, message size, timestamp
 * type, index interval, flush) shape the partition logs; their defaults are the broker's
 * {@link io.petrel.broker.BrokerConfig#logDefaults()}. Every other Kafka topic key is accepted, checked
 * the way Kafka checks it, stored and described back, but has no effect here (compression rewriting,
 * tiered storage ...), except {@code cleanup.policy} and the compaction keys, which the log cleaner reads
 * through {@link #compactionConfig}. Produce consults three of them as Kafka does: a topic whose
 * {@code cleanup.policy} includes compact refuses records without a key, and
 * {@code message.timestamp.after.max.ms} / {@code message.timestamp.before.max.ms} bound CreateTime
 * timestamps. {@code min.insync.replicas} is checked and described but changes nothing: Kafka 4.x caps
 * the min ISR a write needs at the replication factor, which is 1 on this single node. This lets
 * tools that create topics with such settings (Kafka Streams sets {@code cleanup.policy}, for one)
 * work unchanged, and describes a topic exactly as a Kafka broker would.
 */
public final class TopicConfigDefinitions {
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";
    public static final String TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";

    private static final String LONG_MAX = Long.toString(Long.MAX_VALUE);
    private static final Map<String, Definition> DEFINITIONS = definitions();
    private static final Set<String> LOG_KEYS = LogConfig.defaults().toMap().keySet();
    private static final Map<String, String> KAFKA_LOG_DEFAULTS = LogConfig.defaults().toMap();

    private TopicConfigDefinitions() {
    }

    /** One topic config key. */
    private record Definition(String name, DescribedConfigType type, String kafkaDefault, String brokerKey, Check check) {
    }

    /** A check on a parsed value; returns null when fine, else what is expected. */
    @FunctionalInterface
    private interface Check {
        String expectation(String value);
    }

    /** Every topic config key, sorted. */
    public static Set<String> keys() {
        return DEFINITIONS.keySet();
    }

    /**
     * Checks configs given at creation and returns them with values trimmed, sorted by key.
     *
     * @throws TopicException {@link ErrorCode#INVALID_CONFIG} for an unknown key, a null or a bad value
     */
    public static Map<String, String> validate(Map<String, String> overrides) throws TopicException {
        Map<String, String> checked = new TreeMap<>();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey();
            Definition definition = DEFINITIONS.get(key);
            if (definition == null) {
                throw invalid("Unknown topic config '" + key + "': expected one of Kafka's topic configs ("
                        + String.join(", ", DEFINITIONS.keySet()) + ")");
            }
            if (e.getValue() == null) {
                throw invalid("Topic config '" + key + "' has a null value: give a value or leave the key out");
            }
            String value = e.getValue().trim();
            String expected = typeExpectation(definition.type(), value);
            if (expected == null) {
                expected = definition.check().expectation(value);
            }
            if (expected != null) {
                throw invalid("Invalid value '" + e.getValue() + "' for topic config " + key + ": expected " + expected);
            }
            checked.put(key, value);
        }
        logConfig(LogConfig.defaults(), checked);
        return Collections.unmodifiableMap(checked);
    }

    /**
     * The topic config a broker config is the default of, when this broker applies it at run time: one that shapes
     * the partition logs ({@code log.retention.ms} for {@code retention.ms}, {@code log.segment.bytes} ...).
     */
    public static java.util.Optional<String> logTopicKeyOf(String brokerKey) {
        return DEFINITIONS.values().stream().filter(d -> brokerKey.equals(d.brokerKey()) && LOG_KEYS.contains(d.name()))
                .map(Definition::name).findFirst();
    }

    /** Whether {@code brokerKey} is the broker-wide default of some topic config. */
    public static boolean isTopicDefault(String brokerKey) {
        return DEFINITIONS.values().stream().anyMatch(d -> brokerKey.equals(d.brokerKey()));
    }

    /**
     * What a value of a topic config must be, or null when {@code value} is fine: the check of {@link #validate} for
     * one key, so a broker-wide default is held to the rules of the topic config it stands for.
     */
    public static String expectation(String topicKey, String value) {
        Definition definition = DEFINITIONS.get(topicKey);
        String expected = typeExpectation(definition.type(), value.trim());
        if (expected == null) {
            expected = definition.check().expectation(value.trim());
        }
        if (expected == null) {
            try {
                logConfig(LogConfig.defaults(), Map.of(topicKey, value.trim()));
            } catch (TopicException e) {
                return e.getMessage();
            }
        }
        return expected;
    }

    /**
     * The log settings for a topic: the broker's defaults with the overrides {@link LogConfig} knows.
     *
     * @throws TopicException {@link ErrorCode#INVALID_CONFIG} when LogConfig refuses a value
     */
    public static LogConfig logConfig(LogConfig brokerDefaults, Map<String, String> overrides) throws TopicException {
        Map<String, String> logOverrides = new TreeMap<>();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (LOG_KEYS.contains(e.getKey())) {
                logOverrides.put(e.getKey(), e.getValue());
            }
        }
        try {
            return brokerDefaults.with(logOverrides);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * The value of {@code key} for {@code topic}: its override, else the broker's value for the keys
     * {@link LogConfig} holds, else Kafka's default.
     *
     * @throws IllegalArgumentException when {@code key} is not a topic config
     */
    public static String value(Topic topic, String key) {
        Definition definition = DEFINITIONS.get(key);
        if (definition == null) {
            throw new IllegalArgumentException("Unknown topic config '" + key + "'");
        }
        String override = topic.configOverrides().get(key);
        if (override != null) {
            return override;
        }
        return LOG_KEYS.contains(key) ? topic.logConfig().toMap().get(key) : definition.kafkaDefault();
    }

    /** Whether {@code key} is a topic config whose value is a comma-separated list (APPEND and SUBTRACT apply). */
    public static boolean isList(String key) {
        Definition definition = DEFINITIONS.get(key);
        return definition != null && definition.type() == LIST;
    }

    /** Whether the topic's {@code cleanup.policy} includes compact. */
    public static boolean isCompacted(Topic topic) {
        for (String policy : value(topic, CLEANUP_POLICY).split(",")) {
            if (policy.trim().equals("compact")) {
                return true;
            }
        }
        return false;
    }

    /** The topic's compaction settings: cleanup.policy and the compaction keys. */
    public static CompactionConfig compactionConfig(Topic topic) {
        boolean compact = false;
        boolean delete = false;
        for (String policy : value(topic, CLEANUP_POLICY).split(",")) {
            compact |= policy.trim().equals("compact");
            delete |= policy.trim().equals("delete");
        }
        return new CompactionConfig(compact, delete, Long.parseLong(value(topic, "delete.retention.ms")),
                Double.parseDouble(value(topic, "min.cleanable.dirty.ratio")),
                Long.parseLong(value(topic, "min.compaction.lag.ms")),
                Long.parseLong(value(topic, "max.compaction.lag.ms")));
    }

    /** The topic's {@code message.timestamp.after.max.ms}. */
    public static long timestampAfterMaxMs(Topic topic) {
        return Long.parseLong(value(topic, TIMESTAMP_AFTER_MAX_MS));
    }

    /** The topic's {@code message.timestamp.before.max.ms}. */
    public static long timestampBeforeMaxMs(Topic topic) {
        return Long.parseLong(value(topic, TIMESTAMP_BEFORE_MAX_MS));
    }

    /**
     * Every config of a topic, sorted by key, as DescribeConfigs and CreateTopics report them: the
     * override where there is one, else the broker's value, else Kafka's default.
     */
    public static List<ConfigEntry> describe(Map<String, String> overrides, LogConfig brokerDefaults) {
        return describe(overrides, brokerDefaults, key -> List.of());
    }

    /**
     * As {@link #describe(Map, LogConfig)}, with the broker's dynamic configs: {@code dynamic} gives a broker key's
     * dynamic synonyms, the one in effect first (DYNAMIC_BROKER_CONFIG, then DYNAMIC_DEFAULT_BROKER_CONFIG); a topic
     * without an override takes the first.
     */
    public static List<ConfigEntry> describe(Map<String, String> overrides, LogConfig brokerDefaults,
                                             java.util.function.Function<String, List<ConfigSynonym>> dynamic) {
        Map<String, String> brokerLogValues = brokerDefaults.toMap();
        List<ConfigEntry> entries = new ArrayList<>(DEFINITIONS.size());
        for (Definition d : DEFINITIONS.values()) {
            List<ConfigSynonym> synonyms = new ArrayList<>(3);
            String override = overrides.get(d.name());
            if (override != null) {
                synonyms.add(new ConfigSynonym(d.name(), override, ConfigSource.TOPIC_CONFIG));
            }
            String brokerValue = LOG_KEYS.contains(d.name()) ? brokerLogValues.get(d.name()) : d.kafkaDefault();
            String kafkaDefault = LOG_KEYS.contains(d.name()) ? KAFKA_LOG_DEFAULTS.get(d.name()) : d.kafkaDefault();
            boolean staticBroker = !brokerValue.equals(kafkaDefault);
            List<ConfigSynonym> dynamicSynonyms = d.brokerKey() == null ? List.of() : dynamic.apply(d.brokerKey());
            synonyms.addAll(dynamicSynonyms);
            if (d.brokerKey() != null) {
                if (staticBroker) {
                    synonyms.add(new ConfigSynonym(d.brokerKey(), brokerValue, ConfigSource.STATIC_BROKER_CONFIG));
                }
                synonyms.add(new ConfigSynonym(d.brokerKey(), kafkaDefault, ConfigSource.DEFAULT_CONFIG));
            }
            ConfigSynonym inEffect = dynamicSynonyms.isEmpty() ? null : dynamicSynonyms.get(0);
            String value = override != null ? override : inEffect != null ? inEffect.value() : brokerValue;
            ConfigSource source = override != null ? ConfigSource.TOPIC_CONFIG : inEffect != null ? inEffect.source()
                    : staticBroker ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
            entries.add(new ConfigEntry(d.name(), value, source, d.type(), false, synonyms));
        }
        return entries;
    }

    private static String typeExpectation(DescribedConfigType type, String value) {
        try {
            switch (type) {
                case INT -> Integer.parseInt(value);
                case SHORT -> Short.parseShort(value);
                case LONG -> Long.parseLong(value);
                case DOUBLE -> {
                    double d = Double.parseDouble(value);
                    if (Double.isNaN(d)) {
                        return "a number";
                    }
                }
                case BOOLEAN -> {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (!v.equals("true") && !v.equals("false")) {
                        return "true or false";
                    }
                }
                default -> {
                    return null;
                }
            }
            return null;
        } catch (NumberFormatException e) {
            return switch (type) {
                case INT -> "a whole number within the int range";
                case SHORT -> "a whole number within the short range";
                case LONG -> "a whole number within the long range";
                default -> "a number";
            };
        }
    }

    private static Check atLeast(long min) {
        return value -> Long.parseLong(value) >= min ? null : "a number of at least " + min;
    }

    private static Check between(long min, long max) {
        return value -> {
            long v = Long.parseLong(value);
            return v >= min && v <= max ? null : "a number from " + min + " to " + max;
        };
    }

    private static Check oneOf(String... allowed) {
        return value -> List.of(allowed).contains(value) ? null : "one of " + String.join(", ", allowed);
    }

    private static Check listOf(String... allowed) {
        return value -> {
            for (String item : value.split(",")) {
                String t = item.trim();
                if (!t.isEmpty() && !List.of(allowed).contains(t)) {
                    return "a comma-separated list of " + String.join(", ", allowed);
                }
            }
            return null;
        };
    }

    private static Check any() {
        return value -> null;
    }

    private static Map<String, Definition> definitions() {
        List<Definition> all = List.of(
                new Definition(CLEANUP_POLICY, LIST, "delete", "log.cleanup.policy",
                        listOf("compact", "delete")),
                new Definition("compression.gzip.level", INT, "-1", "compression.gzip.level",
                        value -> value.equals("-1") || between(1, 9).expectation(value) == null ? null
                                : "-1 (the codec's default) or a level from 1 to 9"),
                new Definition("compression.lz4.level", INT, "9", "compression.lz4.level", between(1, 17)),
                new Definition("compression.type", STRING, "producer", "compression.type",
                        oneOf("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer")),
                new Definition("compression.zstd.level", INT, "3", "compression.zstd.level",
                        between(-131072, 22)),
                new Definition("delete.retention.ms", LONG, "86400000", "log.cleaner.delete.retention.ms",
                        atLeast(0)),
                new Definition("file.delete.delay.ms", LONG, "60000", "log.segment.delete.delay.ms",
                        atLeast(0)),
                new Definition("flush.messages", LONG, LONG_MAX, "log.flush.interval.messages", atLeast(1)),
                new Definition("flush.ms", LONG, LONG_MAX, "log.flush.interval.ms", atLeast(0)),
                new Definition("follower.replication.throttled.replicas", LIST, "", null, any()),
                new Definition("index.interval.bytes", INT, "4096", "log.index.interval.bytes", atLeast(0)),
                new Definition("leader.replication.throttled.replicas", LIST, "", null, any()),
                new Definition("local.retention.bytes", LONG, "-2", "log.local.retention.bytes", atLeast(-2)),
                new Definition("local.retention.ms", LONG, "-2", "log.local.retention.ms", atLeast(-2)),
                new Definition("max.compaction.lag.ms", LONG, LONG_MAX, "log.cleaner.max.compaction.lag.ms",
                        atLeast(1)),
                new Definition("max.message.bytes", INT, "1048588", "message.max.bytes", atLeast(0)),
                new Definition(TIMESTAMP_AFTER_MAX_MS, LONG, "3600000",
                        "log.message.timestamp.after.max.ms", atLeast(0)),
                new Definition(TIMESTAMP_BEFORE_MAX_MS, LONG, LONG_MAX,
                        "log.message.timestamp.before.max.ms", atLeast(0)),
                new Definition("message.timestamp.type", STRING, "CreateTime", "log.message.timestamp.type",
                        oneOf("CreateTime", "LogAppendTime")),
                new Definition("min.cleanable.dirty.ratio", DOUBLE, "0.5", "log.cleaner.min.cleanable.ratio",
                        value -> {
                            double d = Double.parseDouble(value);
                            return d >= 0 && d <= 1 ? null : "a number from 0 to 1";
                        }),
                new Definition("min.compaction.lag.ms", LONG, "0", "log.cleaner.min.compaction.lag.ms",
                        atLeast(0)),
                new Definition(MIN_INSYNC_REPLICAS, INT, "1", MIN_INSYNC_REPLICAS, atLeast(1)),
                new Definition("preallocate", BOOLEAN, "false", "log.preallocate", any()),
                new Definition("remote.log.copy.disable", BOOLEAN, "false", null, any()),
                new Definition("remote.log.delete.on.disable", BOOLEAN, "false", null, any()),
                new Definition("remote.storage.enable", BOOLEAN, "false", null,
                        value -> value.equalsIgnoreCase("false") ? null
                                : "false: this broker has no tiered storage, so topics cannot use remote log storage"),
                new Definition("retention.bytes", LONG, "-1", "log.retention.bytes", atLeast(-1)),
                new Definition("retention.ms", LONG, "604800000", "log.retention.ms", atLeast(-1)),
                new Definition("segment.bytes", INT, "1073741824", "log.segment.bytes", atLeast(1024 * 1024)),
                new Definition("segment.index.bytes", INT, "10485760", "log.index.size.max.bytes", atLeast(4)),
                new Definition("segment.jitter.ms", LONG, "0", "log.roll.jitter.ms", atLeast(0)),
                new Definition("segment.ms", LONG, "604800000", "log.roll.ms", atLeast(1)),
                new Definition("unclean.leader.election.enable", BOOLEAN, "false",
                        "unclean.leader.election.enable", any()));
        Map<String, Definition> byName = new TreeMap<>();
        for (Definition d : all) {
            byName.put(d.name(), d);
        }
        return Collections.unmodifiableMap(byName);
    }

    private static TopicException invalid(String message) {
        return new TopicException(ErrorCode.INVALID_CONFIG, message);
    }
}
