package io.petrel.broker.internal.feature;

import java.util.List;
import java.util.Optional;

/**
 * Kafka 4.3.1's controller rules for UpdateFeatures, with its messages, checked against the levels finalized now.
 * The updates are all-or-nothing: the first one refused fails the request, with Kafka's message naming it.
 *
 * <p>Each update, in order: a known upgrade type; a level of at least 0; a level this node supports (an unknown
 * feature supports only 0); no lower level unless the type is a downgrade, no higher one if it is; kraft.version
 * never lowered; metadata.version never lowered (every downgrade from 4.3-IV0 would drop metadata, which Kafka
 * refuses, safe or unsafe); a known feature. Kafka also checks the dependencies between features (eligible leader
 * replicas need metadata.version 4.0-IV1, say); with metadata.version always at this node's highest level, every
 * such dependency holds, so none is checked here.
 */
public final class FeatureUpdateRules {
    private static final String ALL_FAILED = "The update failed for all features since the following feature had an error: ";

    private final SupportedFeatures supported;
    private final int nodeId;

    /** @param nodeId this node, named in Kafka's "Local controller N ..." messages */
    public FeatureUpdateRules(SupportedFeatures supported, int nodeId) {
        this.supported = supported;
        this.nodeId = nodeId;
    }

    /** Why {@code updates} cannot be applied to {@code current}, as Kafka says it; empty when they can. */
    public Optional<String> refusal(List<FeatureUpdate> updates, FeatureLevels current) {
        for (FeatureUpdate update : updates) {
            Optional<String> reason = refusal(update, current.level(update.feature()));
            if (reason.isPresent()) {
                return Optional.of(ALL_FAILED + reason.get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> refusal(FeatureUpdate update, short current) {
        String name = update.feature();
        short level = update.level();
        Optional<SupportedFeature> feature = supported.find(name);
        if (update.type() == UpgradeType.UNKNOWN) {
            return invalid(update, "The controller does not support the given upgrade type.");
        }
        if (level < 0) {
            return invalid(update, "A feature version cannot be less than 0.");
        }
        short max = feature.map(SupportedFeature::maxVersion).orElse((short) 0);
        if (!feature.map(f -> f.supports(level)).orElse(level == 0)) {
            return invalid(update, max == 0 ? "Local controller " + nodeId + " does not support this feature."
                    : "Local controller " + nodeId + " only supports versions " + feature.get().range());
        }
        if (level < current && update.type() == UpgradeType.UPGRADE) {
            return invalid(update, "Can't downgrade the version of this feature without setting the upgrade type "
                    + "to either safe or unsafe downgrade.");
        }
        if (level > current && update.type() != UpgradeType.UPGRADE) {
            return invalid(update, "Can't downgrade to a newer version.");
        }
        if (name.equals(SupportedFeatures.KRAFT_VERSION) && level < current) {
            return invalid(update, "Can't downgrade the version of this feature.");
        }
        if (name.equals(SupportedFeatures.METADATA_VERSION) && level < current) {
            return Optional.of("Unsupported metadata.version downgrade from " + current + " to " + level + ". "
                    + (update.type() == UpgradeType.UNSAFE_DOWNGRADE
                    ? "Unsafe metadata downgrade is not supported in this version."
                    : "Refusing to perform the requested downgrade because it might delete metadata information."));
        }
        if (feature.isEmpty()) {
            return invalid(update, "Feature " + name + " not found.");
        }
        return Optional.empty();
    }

    private static Optional<String> invalid(FeatureUpdate update, String reason) {
        return Optional.of("Invalid update version " + update.level() + " for feature " + update.feature() + ". " + reason);
    }
}
