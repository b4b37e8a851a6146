package io.petrel.client.internal.config;

import io.petrel.client.ConfigException;

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
 */
public final class ConfigSpec {
    /** The most edits between a mistyped key and a known one for the known one to be suggested. */
    private static final int MAX_SUGGESTION_DISTANCE = 3;

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
        for (Map.Entry<String, ?> entry : raw.entrySet()) {
            ConfigKey<?> key = lookup(entry.getKey());
            if (entry.getValue() != null) {
                parsed.put(key.name(), key.parse(entry.getValue()));
            }
        }
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

    private ConfigKey<?> lookup(String name) {
        ConfigKey<?> key = keys.get(name);
        if (key == null) {
            throw new ConfigException(unknownKeyMessage(name));
        }
        return key;
    }

    private static Object defaultOf(ConfigKey<?> key) {
        if (key.required()) {
            throw new ConfigException("Missing required configuration '" + key.name() + "' which has no default value"
                    + (key.documentation().isEmpty() ? "" : ": " + key.documentation()));
        }
        return key.defaultValue();
    }

    String unknownKeyMessage(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : keys.keySet()) {
            int d = EditDistance.between(name, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= MAX_SUGGESTION_DISTANCE) {
            return "Unknown configuration '" + name + "': did you mean '" + best + "'?";
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
