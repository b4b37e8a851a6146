package io.petrel.admin;

/**
 * The levels of a feature the broker that answered can run at.
 *
 * @param minVersion the lowest supported level
 * @param maxVersion the highest supported level
 */
public record SupportedVersionRange(short minVersion, short maxVersion) {
    public SupportedVersionRange {
        if (minVersion < 0 || maxVersion < minVersion) {
            throw new IllegalArgumentException("Supported range " + minVersion + "-" + maxVersion
                    + " is not a range of levels from 0 up");
        }
    }
}
