package io.petrel.broker.internal.feature;

import java.util.Objects;

/**
 * One requested change of a finalized feature.
 *
 * @param feature the feature's name
 * @param level   the level asked for; 0 removes the feature (Kafka's "disable")
 * @param type    whether it may lower the level, and how
 */
public record FeatureUpdate(String feature, short level, UpgradeType type) {
    public FeatureUpdate {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(type, "type");
    }
}
