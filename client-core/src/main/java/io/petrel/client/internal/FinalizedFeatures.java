package io.petrel.client.internal;

import java.util.Map;

/**
 * The cluster-wide feature levels a broker reported in its ApiVersions response (v3+), as of a features
 * epoch: {@code transaction.version} 2, say, which is how a Kafka 4.x cluster says it runs transactions
 * version 2 (KIP-890). A client keeps the report with the highest epoch it has seen, as kafka-clients does,
 * since brokers learn of a feature change one after another. Immutable.
 *
 * @param epoch     the features epoch; -1 when no broker reported any
 * @param maxLevels each finalized feature's maximum version level
 */
public record FinalizedFeatures(long epoch, Map<String, Short> maxLevels) {
    /** What a client knows before any broker reported features (or when brokers are older than ApiVersions v3). */
    public static final FinalizedFeatures NONE = new FinalizedFeatures(-1, Map.of());

    public FinalizedFeatures {
        maxLevels = Map.copyOf(maxLevels);
    }

    /** The feature's finalized level, 0 when the broker does not finalize it. */
    public short level(String feature) {
        return maxLevels.getOrDefault(feature, (short) 0);
    }

    /** The newer of the two reports: the higher epoch wins, this one on a tie. */
    public FinalizedFeatures newer(FinalizedFeatures other) {
        return other.epoch > epoch ? other : this;
    }
}
