package io.petrel.broker;

import io.petrel.broker.internal.network.RawClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.protocol.schemas.UpdateFeaturesRequest;
import io.petrel.protocol.schemas.UpdateFeaturesResponse;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finalized features as a user of one broker meets them: what ApiVersions lists at v3 and v4, levels changed with
 * UpdateFeatures kept across a restart, the configured transaction.version seeding only a fresh data directory,
 * EndTxn v5 following transaction.version, the older UpdateFeatures versions, and a damaged store stopping the start.
 * (The same answers as a real Kafka 4.3.1 are shown in interop-tests' FeaturesContract.)
 */
class FeatureVersioningTest {
    private static final String TV = "transaction.version";

    @TempDir
    Path dataDir;

    private static Admin admin(Broker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static Map<String, short[]> supported(Message apiVersions) {
        Map<String, short[]> features = new TreeMap<>();
        for (Message f : apiVersions.get(ApiVersionsResponse.SUPPORTED_FEATURES)) {
            features.put(f.get(ApiVersionsResponse.SupportedFeatureKey.NAME), new short[] {
                    f.get(ApiVersionsResponse.SupportedFeatureKey.MIN_VERSION),
                    f.get(ApiVersionsResponse.SupportedFeatureKey.MAX_VERSION)});
        }
        return features;
    }

    private static Map<String, Short> finalized(Message apiVersions) {
        Map<String, Short> features = new TreeMap<>();
        for (Message f : apiVersions.get(ApiVersionsResponse.FINALIZED_FEATURES)) {
            assertEquals(f.get(ApiVersionsResponse.FinalizedFeatureKey.MIN_VERSION_LEVEL),
                    f.get(ApiVersionsResponse.FinalizedFeatureKey.MAX_VERSION_LEVEL), "one level per feature");
            features.put(f.get(ApiVersionsResponse.FinalizedFeatureKey.NAME),
                    f.get(ApiVersionsResponse.FinalizedFeatureKey.MAX_VERSION_LEVEL));
        }
        return features;
    }

    private static short endTxnMax(Message apiVersions) {
        for (Message k : apiVersions.get(ApiVersionsResponse.API_KEYS)) {
            if (k.get(ApiVersionsResponse.ApiVersion.API_KEY) == ApiKey.END_TXN.id()) {
                return k.get(ApiVersionsResponse.ApiVersion.MAX_VERSION);
            }
        }
        throw new AssertionError("EndTxn is not advertised");
    }

    @Test
    void apiVersionsV3LeavesOutFeaturesWithMinimumZeroAndV4ListsThemAll() throws IOException {
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).build());
             RawClient client = RawClient.connect(broker.port())) {
            Message v3 = client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            assertEquals(List.of("metadata.version"), new ArrayList<>(supported(v3).keySet()));
            Message v4 = client.call(ApiKey.API_VERSIONS, 4, RawClient.apiVersions());
            Map<String, short[]> all = supported(v4);
            assertEquals(List.of("eligible.leader.replicas.version", "group.version", "kraft.version", "metadata.version",
                    "share.version", "streams.version", TV), new ArrayList<>(all.keySet()));
            assertEquals(7, all.get("metadata.version")[0]);
            assertEquals(30, all.get("metadata.version")[1]);
            assertEquals(2, all.get(TV)[1]);
            assertEquals(0, all.get("share.version")[1], "no share groups here, so share.version cannot be raised");
            assertEquals(Map.of("eligible.leader.replicas.version", (short) 1, "group.version", (short) 1,
                    "kraft.version", (short) 1, "metadata.version", (short) 30, TV, (short) 2), finalized(v4));
            assertEquals(finalized(v4), finalized(v3));
            assertTrue(v4.get(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH) >= 0);
            assertFalse(v4.get(ApiVersionsResponse.ZK_MIGRATION_READY));
        }
    }

    @Test
    void levelsChangedWithUpdateFeaturesSurviveARestartAndMoveEndTxnV5() throws Exception {
        long epochBefore;
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).build());
             Admin admin = admin(broker);
             RawClient client = RawClient.connect(broker.port())) {
            assertEquals(5, endTxnMax(client.call(ApiKey.API_VERSIONS, 4, RawClient.apiVersions())));
            epochBefore = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeaturesEpoch()
                    .orElseThrow();
            admin.updateFeatures(Map.of(TV, new FeatureUpdate((short) 1, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE),
                    "group.version", new FeatureUpdate((short) 0, FeatureUpdate.UpgradeType.UNSAFE_DOWNGRADE)),
                    new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
            assertEquals(4, endTxnMax(client.call(ApiKey.API_VERSIONS, 4, RawClient.apiVersions())),
                    "EndTxn v5 is transactions version 2");
        }
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).transactionVersion(2).build());
             Admin admin = admin(broker);
             RawClient client = RawClient.connect(broker.port())) {
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(new FinalizedVersionRange((short) 1, (short) 1), features.finalizedFeatures().get(TV));
            assertNull(features.finalizedFeatures().get("group.version"), "level 0 is not finalized");
            assertTrue(features.finalizedFeaturesEpoch().orElseThrow() > epochBefore);
            assertEquals(4, endTxnMax(client.call(ApiKey.API_VERSIONS, 4, RawClient.apiVersions())));
            admin.updateFeatures(Map.of(TV, new FeatureUpdate((short) 2, FeatureUpdate.UpgradeType.UPGRADE)),
                    new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
            assertEquals(5, endTxnMax(client.call(ApiKey.API_VERSIONS, 4, RawClient.apiVersions())));
        }
    }

    @Test
    void theConfiguredTransactionVersionSeedsOnlyAFreshDataDirectory() throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).transactionVersion(1).build());
             Admin admin = admin(broker)) {
            assertEquals(new FinalizedVersionRange((short) 1, (short) 1), admin.describeFeatures().featureMetadata()
                    .get(30, TimeUnit.SECONDS).finalizedFeatures().get(TV));
        }
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).transactionVersion(2).build());
             Admin admin = admin(broker)) {
            assertEquals(new FinalizedVersionRange((short) 1, (short) 1), admin.describeFeatures().featureMetadata()
                    .get(30, TimeUnit.SECONDS).finalizedFeatures().get(TV), "the stored level wins");
        }
    }

    private static Message update(String feature, int level, boolean allowDowngrade, int upgradeType, boolean validateOnly) {
        return UpdateFeaturesRequest.SCHEMA.newMessage()
                .set(UpdateFeaturesRequest.TIMEOUT_MS, 30_000)
                .set(UpdateFeaturesRequest.VALIDATE_ONLY, validateOnly)
                .set(UpdateFeaturesRequest.FEATURE_UPDATES, List.of(Message.of(UpdateFeaturesRequest.FeatureUpdateKey.SCHEMA)
                        .set(UpdateFeaturesRequest.FeatureUpdateKey.FEATURE, feature)
                        .set(UpdateFeaturesRequest.FeatureUpdateKey.MAX_VERSION_LEVEL, (short) level)
                        .set(UpdateFeaturesRequest.FeatureUpdateKey.ALLOW_DOWNGRADE, allowDowngrade)
                        .set(UpdateFeaturesRequest.FeatureUpdateKey.UPGRADE_TYPE, (byte) upgradeType)));
    }

    @Test
    void olderUpdateFeaturesVersionsAndWhatKafkasAdminNeverSends() throws IOException {
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).build());
             RawClient client = RawClient.connect(broker.port())) {
            Message refusedV0 = client.call(ApiKey.UPDATE_FEATURES, 0, update(TV, 1, true, 1, false));
            assertEquals(ErrorCode.INVALID_UPDATE_VERSION.code(), refusedV0.get(UpdateFeaturesResponse.ERROR_CODE));
            assertEquals("The update failed for all features since the following feature had an error: Invalid update "
                    + "version 1 for feature transaction.version. Can't downgrade the version of this feature without "
                    + "setting the upgrade type to either safe or unsafe downgrade.",
                    refusedV0.get(UpdateFeaturesResponse.ERROR_MESSAGE), "Kafka 4.3.1 does not read v0's AllowDowngrade");
            Message v0 = client.call(ApiKey.UPDATE_FEATURES, 0, update(TV, 2, false, 1, false));
            assertEquals(ErrorCode.NONE.code(), v0.get(UpdateFeaturesResponse.ERROR_CODE));
            List<Message> results = v0.get(UpdateFeaturesResponse.RESULTS);
            assertEquals(1, results.size(), "v0-1 list each feature on success");
            assertEquals(TV, results.get(0).get(UpdateFeaturesResponse.UpdatableFeatureResult.FEATURE));
            assertEquals("NONE", results.get(0).get(UpdateFeaturesResponse.UpdatableFeatureResult.ERROR_MESSAGE));

            Message unknownType = client.call(ApiKey.UPDATE_FEATURES, 1, update(TV, 2, false, 9, false));
            assertEquals(ErrorCode.INVALID_UPDATE_VERSION.code(), unknownType.get(UpdateFeaturesResponse.ERROR_CODE));
            assertEquals("The update failed for all features since the following feature had an error: Invalid update "
                    + "version 2 for feature transaction.version. The controller does not support the given upgrade type.",
                    unknownType.get(UpdateFeaturesResponse.ERROR_MESSAGE));
            assertEquals(List.of(), unknownType.get(UpdateFeaturesResponse.RESULTS), "no per-feature results on failure");

            Message negative = client.call(ApiKey.UPDATE_FEATURES, 2, update(TV, -1, false, 3, false));
            assertEquals("The update failed for all features since the following feature had an error: Invalid update "
                    + "version -1 for feature transaction.version. A feature version cannot be less than 0.",
                    negative.get(UpdateFeaturesResponse.ERROR_MESSAGE));
        }
    }

    @Test
    void aDamagedFeatureStoreStopsTheStartNamingTheFileAndLine() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("finalized-features"), "epoch 4\ntransaction.version two\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> Broker.start(BrokerConfig.builder().dataDir(dataDir).build()).close());
        assertTrue(e.getMessage().contains("finalized-features line 2"), e.getMessage());
    }
}
