package io.petrel.admin;

import java.util.Objects;

/**
 * One change of a finalized feature for {@link Admin#updateFeatures}, as Kafka's {@code FeatureUpdate}: the level to
 * finalize and whether it may lower the level.
 */
public final class FeatureUpdate {
    /** Whether an update may lower a feature's level, with the wire codes of UpdateFeatures v1+. */
    public enum UpgradeType {
        /** Raise the level or keep it; lowering is refused. */
        UPGRADE((byte) 1),
        /** Lower the level where nothing is lost by it. */
        SAFE_DOWNGRADE((byte) 2),
        /** Lower the level even if metadata is lost by it. */
        UNSAFE_DOWNGRADE((byte) 3);

        private final byte code;

        UpgradeType(byte code) {
            this.code = code;
        }

        /** The type's code in UpdateFeatures v1+. */
        public byte code() {
            return code;
        }
    }

    private final short maxVersionLevel;
    private final UpgradeType upgradeType;

    /**
     * @param maxVersionLevel the level to finalize; 0 removes the feature (needs a downgrade type)
     * @throws IllegalArgumentException for a negative level, or level 0 with {@link UpgradeType#UPGRADE}
     */
    public FeatureUpdate(short maxVersionLevel, UpgradeType upgradeType) {
        Objects.requireNonNull(upgradeType, "upgradeType");
        if (maxVersionLevel < 0) {
            throw new IllegalArgumentException("Feature level " + maxVersionLevel + " is negative: levels are 0 or more");
        }
        if (maxVersionLevel == 0 && upgradeType == UpgradeType.UPGRADE) {
            throw new IllegalArgumentException("Feature level 0 removes the feature: it needs SAFE_DOWNGRADE or "
                    + "UNSAFE_DOWNGRADE, not UPGRADE");
        }
        this.maxVersionLevel = maxVersionLevel;
        this.upgradeType = upgradeType;
    }

    public short maxVersionLevel() {
        return maxVersionLevel;
    }

    public UpgradeType upgradeType() {
        return upgradeType;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureUpdate other && other.maxVersionLevel == maxVersionLevel
                && other.upgradeType == upgradeType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxVersionLevel, upgradeType);
    }

    @Override
    public String toString() {
        return "FeatureUpdate(maxVersionLevel=" + maxVersionLevel + ", upgradeType=" + upgradeType + ")";
    }
}
