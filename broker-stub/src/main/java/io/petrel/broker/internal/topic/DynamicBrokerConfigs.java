package io.petrel.broker.internal.topic;

import io.petrel.broker.LogConfig;
import io.petrel.broker.internal.AtomicFiles;
import io.petrel.protocol.ErrorCode;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The broker configs set at run time (IncrementalAlterConfigs on a BROKER resource), kept as Kafka keeps them at two
 * levels: this broker's own (named by its node id) and the cluster-wide defaults (the empty name). A broker value wins
 * over a default, which wins over the static {@link io.petrel.broker.BrokerConfig}.
 *
 * <p>What it accepts, as a Kafka broker does: the broker defaults of the topic configs that shape the partition logs
 * ({@code log.retention.ms}, {@code log.retention.bytes}, {@code log.segment.bytes}, {@code log.roll.ms},
 * {@code message.max.bytes}, {@code log.message.timestamp.type}, {@code log.index.interval.bytes},
 * {@code log.flush.interval.messages}, {@code log.flush.interval.ms}), checked as the topic config is, and names Kafka
 * does not know (Kafka stores those too). They become the defaults of every topic without an override at once
 * ({@link TopicRegistry#reapplyBrokerDefaults}). Any other known broker config is INVALID_REQUEST with Kafka's
 * "Cannot update these configs dynamically" (this single node fixes them at start); a bad value is INVALID_REQUEST
 * naming it, as Kafka answers for broker resources.
 *
 * <p>Stored in the data directory, rewritten atomically on each change, so they survive a restart.
 */
public final class DynamicBrokerConfigs {
    /** The two levels a broker config is set at. */
    public enum Level {
        BROKER(ConfigSource.DYNAMIC_BROKER_CONFIG, "broker."),
        CLUSTER_DEFAULT(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, "default.");

        private final ConfigSource source;
        private final String filePrefix;

        Level(ConfigSource source, String filePrefix) {
            this.source = source;
            this.filePrefix = filePrefix;
        }

        public ConfigSource source() {
            return source;
        }
    }

    static final String FILE_NAME = "dynamic-broker-configs.properties";

    private final Path file;
    private final Map<Level, Map<String, String>> values = new java.util.EnumMap<>(Level.class);

    private DynamicBrokerConfigs(Path file) {
        this.file = file;
        values.put(Level.BROKER, new TreeMap<>());
        values.put(Level.CLUSTER_DEFAULT, new TreeMap<>());
    }

    /** Reads the configs stored in {@code dataDir}, none when it holds no file yet. */
    public static DynamicBrokerConfigs open(Path dataDir) throws IOException {
        DynamicBrokerConfigs configs = new DynamicBrokerConfigs(dataDir.resolve(FILE_NAME));
        if (Files.exists(configs.file)) {
            Properties stored = new Properties();
            stored.load(new StringReader(Files.readString(configs.file, StandardCharsets.UTF_8)));
            for (String key : stored.stringPropertyNames()) {
                for (Level level : Level.values()) {
                    if (key.startsWith(level.filePrefix)) {
                        configs.values.get(level).put(key.substring(level.filePrefix.length()), stored.getProperty(key));
                    }
                }
            }
        }
        return configs;
    }

    /** The configs set at one level, sorted by name. */
    public synchronized Map<String, String> values(Level level) {
        return Collections.unmodifiableMap(new TreeMap<>(values.get(level)));
    }

    /** Every name set at either level. */
    public synchronized Set<String> names() {
        Set<String> names = new TreeSet<>(values.get(Level.BROKER).keySet());
        names.addAll(values.get(Level.CLUSTER_DEFAULT).keySet());
        return names;
    }

    /** A broker config's dynamic synonyms, the one in effect first: this broker's value, then the cluster default. */
    public synchronized List<ConfigSynonym> synonyms(String name) {
        List<ConfigSynonym> synonyms = new ArrayList<>(2);
        for (Level level : Level.values()) {
            String value = values.get(level).get(name);
            if (value != null) {
                synonyms.add(new ConfigSynonym(name, value, level.source()));
            }
        }
        return synonyms;
    }

    /** The static log defaults with the dynamic ones over them: what a topic without overrides gets. */
    public synchronized LogConfig logDefaults(LogConfig staticDefaults) {
        Map<String, String> topicKeyed = new TreeMap<>();
        for (Level level : List.of(Level.CLUSTER_DEFAULT, Level.BROKER)) {
            values.get(level).forEach((name, value) ->
                    TopicConfigDefinitions.logTopicKeyOf(name).ifPresent(topicKey -> topicKeyed.put(topicKey, value)));
        }
        try {
            return TopicConfigDefinitions.logConfig(staticDefaults, topicKeyed);
        } catch (TopicException e) {
            // Every stored value passed the same check when it was set.
            throw new IllegalStateException("A stored dynamic broker config no longer applies: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a level's new complete set of configs (what an IncrementalAlterConfigs request leaves) and, unless
     * {@code validateOnly}, stores it.
     *
     * @param knownStatic the broker configs this broker describes that are fixed at start
     * @throws TopicException INVALID_REQUEST for a config that cannot change at run time or a bad value
     */
    public synchronized void replace(Level level, Map<String, String> newValues, Set<String> knownStatic, boolean validateOnly)
            throws TopicException, IOException {
        Map<String, String> current = values.get(level);
        List<String> fixed = new ArrayList<>();
        Map<String, String> checked = new TreeMap<>();
        for (Map.Entry<String, String> e : newValues.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? null : e.getValue().trim();
            if (value != null && value.equals(current.get(name))) {
                checked.put(name, value);
                continue;
            }
            Optional<String> topicKey = TopicConfigDefinitions.logTopicKeyOf(name);
            if (topicKey.isEmpty() && (knownStatic.contains(name) || TopicConfigDefinitions.isTopicDefault(name))) {
                fixed.add(name);
                continue;
            }
            if (value == null) {
                throw new TopicException(ErrorCode.INVALID_REQUEST, "Null value not supported for: " + name);
            }
            if (topicKey.isPresent()) {
                String expected = TopicConfigDefinitions.expectation(topicKey.get(), value);
                if (expected != null) {
                    throw new TopicException(ErrorCode.INVALID_REQUEST, "Invalid value " + value + " for configuration "
                            + name + ": expected " + expected);
                }
            }
            checked.put(name, value);
        }
        if (!fixed.isEmpty()) {
            throw new TopicException(ErrorCode.INVALID_REQUEST, "Cannot update these configs dynamically: " + fixed
                    + " (this broker applies " + appliedNames() + " at run time; the rest are fixed when it starts)");
        }
        if (validateOnly) {
            return;
        }
        Map<Level, Map<String, String>> next = new java.util.EnumMap<>(values);
        next.put(level, checked);
        store(next);
        values.put(level, new TreeMap<>(checked));
    }

    private static List<String> appliedNames() {
        return List.of("log.retention.ms", "log.retention.bytes", "log.segment.bytes", "log.roll.ms", "message.max.bytes",
                "log.message.timestamp.type", "log.index.interval.bytes", "log.flush.interval.messages",
                "log.flush.interval.ms");
    }

    private void store(Map<Level, Map<String, String>> next) throws IOException {
        Properties properties = new Properties();
        next.forEach((level, configs) -> configs.forEach((k, v) -> properties.setProperty(level.filePrefix + k, v)));
        StringWriter text = new StringWriter();
        properties.store(text, "Petrel broker-stub: broker configs set at run time (IncrementalAlterConfigs)");
        AtomicFiles.write(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
