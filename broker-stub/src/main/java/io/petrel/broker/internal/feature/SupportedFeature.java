package io.petrel.broker.internal.feature;

import java.util.Objects;

/**
 * A feature this broker supports and the range of levels it can run at, as ApiVersions' SupportedFeatures lists it.
 *
 * @param name         the feature's name, {@code transaction.version} say
 * @param minVersion   the lowest level this broker can run at
 * @param maxVersion   the highest level this broker can run at
 * @param initialLevel the level a fresh data directory finalizes (0: not finalized)
 */
public record SupportedFeature(String name, short minVersion, short maxVersion, short initialLevel) {
    public SupportedFeature {
        Objects.requireNonNull(name, "name");
        if (minVersion < 0 || maxVersion < minVersion || initialLevel < 0 || initialLevel > maxVersion) {
            throw new IllegalArgumentException("Feature " + name + ": range " + minVersion + "-" + maxVersion
                    + " with initial level " + initialLevel + " is not a valid range");
        }
    }

    public boolean supports(short level) {
        return level >= minVersion && level <= maxVersion;
    }

    /** The range as Kafka's messages write it: {@code 0-2}, or {@code 1} when it is one level. */
    public String range() {
        return minVersion == maxVersion ? Short.toString(minVersion) : minVersion + "-" + maxVersion;
    }
}
