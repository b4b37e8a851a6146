package io.petrel.client.internal.config;

import java.util.Collections;
import java.util.Map;

/**
 * The parsed settings of one client: every key of its {@link ConfigSpec} with the value given or its
 * default, plus the originals exactly as the user passed them. Immutable.
 */
public final class ConfigValues {
    private final ConfigSpec spec;
    private final Map<String, Object> values;
    private final Map<String, Object> originals;

    ConfigValues(ConfigSpec spec, Map<String, Object> values, Map<String, Object> originals) {
        this.spec = spec;
        this.values = Collections.unmodifiableMap(values);
        this.originals = Collections.unmodifiableMap(originals);
    }

    /**
     * The value of a key of this spec (null only for an optional key not set).
     *
     * @throws IllegalArgumentException for a key the spec does not define
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        if (!spec.defines(key.name())) {
            throw new IllegalArgumentException("Configuration " + key.name() + " is not part of this client's settings");
        }
        return (T) values.get(key.name());
    }

    /** Whether the user gave a value for the key (rather than it taking its default). */
    public boolean isSet(ConfigKey<?> key) {
        return originals.get(key.name()) != null;
    }

    /** The settings exactly as given, for passing on to serializers and other plug-ins. */
    public Map<String, Object> originals() {
        return originals;
    }

    /** The spec these values were parsed with. */
    public ConfigSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
