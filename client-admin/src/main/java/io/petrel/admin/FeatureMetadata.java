package io.petrel.admin;

import java.util.Map;
import java.util.Optional;

/**
 * What {@link Admin#describeFeatures()} returns, with the accessors of Kafka's {@code FeatureMetadata}: the levels
 * the cluster finalized (KIP-584), their epoch, and the features the answering broker supports.
 *
 * @param finalizedFeatures      each finalized feature's level by name; a feature at level 0 is not listed
 * @param finalizedFeaturesEpoch the epoch of those levels, empty when the broker did not say
 * @param supportedFeatures      each supported feature's range by name
 */
public record FeatureMetadata(Map<String, FinalizedVersionRange> finalizedFeatures,
                              Optional<Long> finalizedFeaturesEpoch,
                              Map<String, SupportedVersionRange> supportedFeatures) {
    public FeatureMetadata {
        finalizedFeatures = Map.copyOf(finalizedFeatures);
        supportedFeatures = Map.copyOf(supportedFeatures);
    }
}
