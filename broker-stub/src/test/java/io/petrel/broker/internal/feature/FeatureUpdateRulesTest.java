package io.petrel.broker.internal.feature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka 4.3.1's order of checks where several apply to one update (the contract against a real Kafka covers each
 * rule on its own), and the store refusing levels this broker cannot run at.
 */
class FeatureUpdateRulesTest {
    private static final SupportedFeatures SUPPORTED = SupportedFeatures.of((short) 2);
    private static final FeatureUpdateRules RULES = new FeatureUpdateRules(SUPPORTED, 7);
    private static final FeatureLevels KAFKA_43 = new FeatureLevels(1, Map.of("metadata.version", (short) 30,
            "kraft.version", (short) 1, "transaction.version", (short) 2, "group.version", (short) 1));

    private static String refusal(String feature, int level, UpgradeType type) {
        Optional<String> refusal = RULES.refusal(List.of(new FeatureUpdate(feature, (short) level, type)), KAFKA_43);
        assertTrue(refusal.isPresent(), feature + "=" + level + " " + type + " should be refused");
        String prefix = "The update failed for all features since the following feature had an error: ";
        assertTrue(refusal.get().startsWith(prefix), refusal.get());
        return refusal.get().substring(prefix.length());
    }

    @Test
    void theFirstRuleThatAppliesNamesTheReason() {
        assertEquals("Invalid update version -1 for feature foo.version. The controller does not support the given "
                + "upgrade type.", refusal("foo.version", -1, UpgradeType.UNKNOWN), "the type before the level");
        assertEquals("Invalid update version -1 for feature group.version. A feature version cannot be less than 0.",
                refusal("group.version", -1, UpgradeType.UNSAFE_DOWNGRADE));
        assertEquals("Invalid update version 1 for feature share.version. Local controller 7 does not support this "
                + "feature.", refusal("share.version", 1, UpgradeType.UPGRADE), "share groups are not served here");
        assertEquals("Invalid update version 0 for feature kraft.version. Can't downgrade the version of this feature "
                + "without setting the upgrade type to either safe or unsafe downgrade.",
                refusal("kraft.version", 0, UpgradeType.UPGRADE), "the downgrade type before kraft's own rule");
        assertEquals("Invalid update version 0 for feature kraft.version. Can't downgrade the version of this feature.",
                refusal("kraft.version", 0, UpgradeType.SAFE_DOWNGRADE));
    }

    @Test
    void whatKafkaAllowsPasses() {
        assertEquals(Optional.empty(), RULES.refusal(List.of(
                new FeatureUpdate("share.version", (short) 0, UpgradeType.SAFE_DOWNGRADE),
                new FeatureUpdate("metadata.version", (short) 30, UpgradeType.UNSAFE_DOWNGRADE),
                new FeatureUpdate("eligible.leader.replicas.version", (short) 1, UpgradeType.UPGRADE),
                new FeatureUpdate("transaction.version", (short) 0, UpgradeType.UNSAFE_DOWNGRADE)), KAFKA_43));
    }

    @Test
    void aStoredLevelThisBrokerCannotRunAtStopsTheStart(@TempDir Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve(FinalizedFeatureFile.FILE_NAME), "epoch 9\ntransaction.version 3\n");
        IOException e = assertThrows(IOException.class, () -> FinalizedFeatures.open(dataDir, SUPPORTED));
        assertTrue(e.getMessage().contains("transaction.version at 3, outside the supported range 0-2"), e.getMessage());
    }

    @Test
    void appliedLevelsAreReadBackAtTheirEpoch(@TempDir Path dataDir) throws IOException {
        FinalizedFeatures features = FinalizedFeatures.open(dataDir, SUPPORTED);
        long epoch = features.current().epoch();
        features.apply(Map.of("transaction.version", (short) 1, "group.version", (short) 0));
        FeatureLevels reopened = FinalizedFeatures.open(dataDir, SupportedFeatures.of((short) 2)).current();
        assertEquals(epoch + 1, reopened.epoch());
        assertEquals(1, reopened.level("transaction.version"));
        assertEquals(0, reopened.level("group.version"));
        assertEquals(features.current(), reopened);
    }
}
