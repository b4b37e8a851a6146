package io.petrel.broker.internal.feature;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster's finalized feature levels, what ApiVersions reports and UpdateFeatures changes. On a single node the
 * broker is the whole cluster, so finalizing is writing {@code finalized-features} and swapping the snapshot.
 *
 * <p>A fresh data directory finalizes each supported feature at its initial level, as {@code kafka-storage format}
 * does (transaction.version from {@code BrokerConfig.transactionVersion()}); afterwards the stored levels win, so
 * what UpdateFeatures finalized survives a restart and a later config does not silently undo it. Readers see an
 * immutable {@link FeatureLevels}; changes are serialised.
 */
public final class FinalizedFeatures {
    private static final Logger log = LoggerFactory.getLogger(FinalizedFeatures.class);
    /** The epoch of a fresh data directory's levels (Kafka's is an offset of its metadata log, above 0 too). */
    private static final long INITIAL_EPOCH = 1;

    private final FinalizedFeatureFile file;
    private volatile FeatureLevels current;

    private FinalizedFeatures(FinalizedFeatureFile file, FeatureLevels current) {
        this.file = file;
        this.current = current;
    }

    /** The levels stored in {@code dataDir}, or, in a fresh one, the initial levels of {@code supported} (stored). */
    public static FinalizedFeatures open(Path dataDir, SupportedFeatures supported) throws IOException {
        FinalizedFeatureFile file = new FinalizedFeatureFile(dataDir);
        FeatureLevels initial = initial(supported);
        FeatureLevels levels = file.read().orElse(null);
        if (levels == null) {
            file.write(initial);
            return new FinalizedFeatures(file, initial);
        }
        for (SupportedFeature feature : supported.all()) {
            short level = levels.level(feature.name());
            if (level != 0 && !feature.supports(level)) {
                throw new IOException(dataDir.resolve(FinalizedFeatureFile.FILE_NAME) + " finalizes " + feature.name()
                        + " at " + level + ", outside the supported range " + feature.range());
            }
        }
        short configured = initial.level(SupportedFeatures.TRANSACTION_VERSION);
        short stored = levels.level(SupportedFeatures.TRANSACTION_VERSION);
        if (configured != stored) {
            log.info("transaction.version stays at {}, finalized in {}; the configured {} only applies to a fresh "
                    + "data directory", stored, dataDir, configured);
        }
        return new FinalizedFeatures(file, levels);
    }

    private static FeatureLevels initial(SupportedFeatures supported) {
        Map<String, Short> levels = new HashMap<>();
        supported.all().forEach(f -> levels.put(f.name(), f.initialLevel()));
        return new FeatureLevels(INITIAL_EPOCH, levels);
    }

    /** The levels now. */
    public FeatureLevels current() {
        return current;
    }

    /** The finalized level of {@code feature} now, 0 when it is not finalized. */
    public short level(String feature) {
        return current.level(feature);
    }

    /** Finalizes {@code changes} (level 0 removes a feature) and stores them before they are seen. */
    public synchronized FeatureLevels apply(Map<String, Short> changes) throws IOException {
        FeatureLevels next = current.with(changes);
        file.write(next);
        current = next;
        log.info("Finalized features {} at epoch {}", changes, next.epoch());
        return next;
    }
}
