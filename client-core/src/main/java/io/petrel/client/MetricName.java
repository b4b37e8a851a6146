package io.petrel.client;

import java.util.Map;
import java.util.Objects;

/**
 * The identity of one client metric, as kafka-clients names it: a name ({@code record-send-rate}), the group
 * it belongs to ({@code producer-metrics}, which JMX turns into the MBean's {@code type}), and tags
 * ({@code client-id}, {@code topic}, {@code node-id}, ...). Two names are equal when name, group and tags are;
 * the description is documentation only.
 *
 * @param name        the metric's name, as kafka-clients spells it
 * @param group       its group, as kafka-clients spells it
 * @param description what it measures
 * @param tags        its tags, never null, in the order given (client-id first, as kafka-clients lists them)
 */
public record MetricName(String name, String group, String description, Map<String, String> tags) {

    public MetricName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        description = description == null ? "" : description;
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricName other && name.equals(other.name) && group.equals(other.group)
                && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, group, tags);
    }

    @Override
    public String toString() {
        return group + ":" + name + tags;
    }
}
