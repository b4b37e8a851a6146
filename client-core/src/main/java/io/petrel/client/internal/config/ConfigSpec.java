package io.petrel.client.internal.config;

import io.petrel.client.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The settings a client accepts, and the parser that turns what a user passed (a Map or Properties of
 * Strings or typed values, as Kafka clients take) into {@link ConfigValues}.
 *
 * <p>Parsing is strict: an unknown key fails with a suggestion of the closest known one, a bad value fails
 * naming the key, value and what is accepted, and a missing required key fails naming it. Build a spec
 * fluently: {@code ConfigSpec.builder().include(CommonClientConfigs.SPEC).define(LINGER_MS).build()}.
 *
 * <p>One exception, for plugins: a serializer, interceptor, partitioner or reporter created from its class is
 * configured with the originals, and kafka-clients lets such plugins read keys of their own
 * ({@code schema.registry.url}, an interceptor's audit topic). So when a class key names a class, an unknown key is
 * accepted and passed on in the originals (logged once, as kafka-clients logs unused keys), unless it is within
 * {@value #MAX_PLUGIN_KEY_TYPO_DISTANCE} edits of a known key: that is far likelier a typo than a plugin's key, and
 * still fails. With no plugin created from a class nothing could read an unknown key, and every one fails.
 */
public final class ConfigSpec {
    /** The most edits between a mistyped key and a known one for the known one to be suggested. */
    private static final int MAX_SUGGESTION_DISTANCE = 3;
    /** The most edits between an unknown key and a known one for it to be refused as a typo even beside plugins. */
    private static final int MAX_PLUGIN_KEY_TYPO_DISTANCE = 2;
    private static final Logger log = LoggerFactory.getLogger(ConfigSpec.class);

    private final Map<String, ConfigKey<?>> keys;

    private ConfigSpec(Map<String, ConfigKey<?>> keys) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The keys in definition order. */
    public Collection<ConfigKey<?>> keys() {
        return keys.values();
    }

    /** The key names in definition order. */
    public Set<String> names() {
        return keys.keySet();
    }

    /** Whether this spec defines a key of this name. */
    public boolean defines(String name) {
        return keys.containsKey(name);
    }

    /**
     * Parses and validates every value and fills in defaults.
     *
     * @param raw keys to String or typed values; a null value counts as not given
     * @throws ConfigException for an unknown key, a bad value or a missing required key
     */
    public ConfigValues parse(Map<String, ?> raw) {
        Map<String, Object> originals = new LinkedHashMap<>(raw);
        Map<String, Object> parsed = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ?> entry : raw.entrySet()) {
            ConfigKey<?> key = keys.get(entry.getKey());
            if (key == null) {
                unknown.add(entry.getKey());
            } else if (entry.getValue() != null) {
                parsed.put(key.name(), key.parse(entry.getValue()));
            }
        }
        checkUnknown(unknown, parsed);
        for (ConfigKey<?> key : keys.values()) {
            if (!parsed.containsKey(key.name())) {
                parsed.put(key.name(), defaultOf(key));
            }
        }
        return new ConfigValues(this, parsed, originals);
    }

    /**
     * Parses settings given as Properties; keys must be Strings.
     *
     * @throws ConfigException as {@link #parse(Map)}, or for a non-String key
     */
    public ConfigValues parse(Properties raw) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : raw.stringPropertyNames()) {
            map.put(name, raw.getProperty(name));
        }
        for (Map.Entry<Object, Object> entry : raw.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                throw new ConfigException("Configuration key " + entry.getKey() + " is not a String");
            }
            map.put(name, entry.getValue());
        }
        return parse(map);
    }

    private void checkUnknown(List<String> unknown, Map<String, Object> parsed) {
        if (unknown.isEmpty()) {
            return;
        }
        boolean pluginsConfigured = createsPluginsFromClasses(parsed);
        for (String name : unknown) {
            if (!pluginsConfigured || nearest(name).distance() <= MAX_PLUGIN_KEY_TYPO_DISTANCE) {
                throw new ConfigException(unknownKeyMessage(name));
            }
        }
        log.info("Configurations {} are not Petrel settings; they are passed to the plugins created from classes",
                unknown);
    }

    /** Whether a class key names a class, whose instance will be configured with the originals. */
    private boolean createsPluginsFromClasses(Map<String, Object> parsed) {
        for (ConfigKey<?> key : keys.values()) {
            Object value = parsed.get(key.name());
            if (key.type() == ConfigType.CLASS && value instanceof Class<?>) {
                return true;
            }
            if (key.type() == ConfigType.CLASS_LIST && value instanceof List<?> list
                    && list.stream().anyMatch(Class.class::isInstance)) {
                return true;
            }
        }
        return false;
    }

    /** The known key fewest edits away from a name; distance {@code Integer.MAX_VALUE} and no key if none exist. */
    private NearestKey nearest(String name) {
        NearestKey best = new NearestKey(null, Integer.MAX_VALUE);
        for (String known : keys.keySet()) {
            int d = EditDistance.between(name, known);
            if (d < best.distance()) {
                best = new NearestKey(known, d);
            }
        }
        return best;
    }

    private record NearestKey(String name, int distance) {
    }

    private static Object defaultOf(ConfigKey<?> key) {
        if (key.required()) {
            throw new ConfigException("Missing required configuration '" + key.name() + "' which has no default value"
                    + (key.documentation().isEmpty() ? "" : ": " + key.documentation()));
        }
        return key.defaultValue();
    }

    String unknownKeyMessage(String name) {
        NearestKey best = nearest(name);
        if (best.name() != null && best.distance() <= MAX_SUGGESTION_DISTANCE) {
            return "Unknown configuration '" + name + "': did you mean '" + best.name() + "'?";
        }
        List<String> known = new ArrayList<>(keys.keySet());
        Collections.sort(known);
        return "Unknown configuration '" + name + "': known configurations are " + String.join(", ", known);
    }

    /** Collects keys; a key name may be defined once. */
    public static final class Builder {
        private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a key. */
        public Builder define(ConfigKey<?> key) {
            if (keys.putIfAbsent(key.name(), key) != null) {
                throw new IllegalArgumentException("Configuration " + key.name() + " is defined twice");
            }
            return this;
        }

        /** Adds every key of another spec. */
        public Builder include(ConfigSpec other) {
            other.keys().forEach(this::define);
            return this;
        }

        public ConfigSpec build() {
            return new ConfigSpec(keys);
        }
    }

    /**
     * Properties as the raw map {@link #parse} takes: the string properties including the Properties' own
     * defaults, then every entry as given (so non-string values such as classes or instances pass through).
     */
    public static Map<String, Object> rawMap(Properties properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        properties.forEach((k, v) -> map.put(String.valueOf(k), v));
        return map;
    }
}
