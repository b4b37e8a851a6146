package io.petrel.admin;

/**
 * Options of {@link Admin#updateFeatures(java.util.Map, UpdateFeaturesOptions)}.
 *
 * @param validateOnly the broker only checks the updates, changing nothing
 */
public record UpdateFeaturesOptions(boolean validateOnly) {
    /** Applies the updates. */
    public static UpdateFeaturesOptions defaults() {
        return new UpdateFeaturesOptions(false);
    }
}
