package io.petrel.admin;

/**
 * The level a cluster finalized a feature at, as Kafka's Admin reports it: KRaft finalizes one level, so both bounds
 * are that level.
 *
 * @param minVersionLevel the lowest finalized level
 * @param maxVersionLevel the highest finalized level, the one the cluster runs at
 */
public record FinalizedVersionRange(short minVersionLevel, short maxVersionLevel) {
    public FinalizedVersionRange {
        if (minVersionLevel < 0 || maxVersionLevel < minVersionLevel) {
            throw new IllegalArgumentException("Finalized range " + minVersionLevel + "-" + maxVersionLevel
                    + " is not a range of levels from 0 up");
        }
    }
}
