package io.petrel.admin;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configs of one resource, in the broker's order; {@link #get} finds one by name. */
public final class Config {
    private final Map<String, ConfigEntry> entries;

    public Config(Collection<ConfigEntry> entries) {
        Map<String, ConfigEntry> byName = new LinkedHashMap<>();
        entries.forEach(e -> byName.put(e.name(), e));
        this.entries = java.util.Collections.unmodifiableMap(byName);
    }

    /** The config with this name, or null when the broker did not report it. */
    public ConfigEntry get(String name) {
        return entries.get(name);
    }

    public List<ConfigEntry> entries() {
        return List.copyOf(entries.values());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config other && other.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Config" + entries.values();
    }
}
