package io.petrel.broker.internal.feature;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The finalized feature levels at one epoch, immutable. A feature at level 0 is not finalized and not listed,
 * as Kafka leaves it out of ApiVersions' FinalizedFeatures.
 *
 * @param epoch  grows with every applied UpdateFeatures (Kafka's is the metadata log offset of the change)
 * @param levels each finalized feature's level, all above 0, by name
 */
public record FeatureLevels(long epoch, Map<String, Short> levels) {
    public FeatureLevels {
        if (epoch < 0) {
            throw new IllegalArgumentException("Finalized features epoch " + epoch + " is negative");
        }
        TreeMap<String, Short> sorted = new TreeMap<>();
        levels.forEach((name, level) -> {
            if (level < 0) {
                throw new IllegalArgumentException("Feature " + name + " level " + level + " is negative");
            }
            if (level > 0) {
                sorted.put(name, level);
            }
        });
        levels = Collections.unmodifiableMap(sorted);
    }

    /** The finalized level of {@code feature}, 0 when it is not finalized. */
    public short level(String feature) {
        return levels.getOrDefault(feature, (short) 0);
    }

    /** These levels with {@code changes} applied, at the next epoch. */
    public FeatureLevels with(Map<String, Short> changes) {
        TreeMap<String, Short> next = new TreeMap<>(levels);
        next.putAll(changes);
        return new FeatureLevels(epoch + 1, next);
    }
}
