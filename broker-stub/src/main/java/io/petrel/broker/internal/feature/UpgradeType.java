package io.petrel.broker.internal.feature;

/** UpdateFeatures' upgrade type (v1+ {@code UpgradeType}; a v0 update is an upgrade, see UpdateFeaturesHandler). */
public enum UpgradeType {
    UPGRADE,
    SAFE_DOWNGRADE,
    UNSAFE_DOWNGRADE,
    /** A code this broker does not know: refused as Kafka refuses it. */
    UNKNOWN;

    /** The type of wire code {@code code}: 1, 2, 3, anything else UNKNOWN. */
    public static UpgradeType ofCode(byte code) {
        return switch (code) {
            case 1 -> UPGRADE;
            case 2 -> SAFE_DOWNGRADE;
            case 3 -> UNSAFE_DOWNGRADE;
            default -> UNKNOWN;
        };
    }
}
