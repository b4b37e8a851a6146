package io.petrel.interop;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.admin.UpdateFeaturesResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.tools.FeatureCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka's finalized features through kafka-clients' Admin ({@code describeFeatures}, {@code updateFeatures}) and
 * Kafka's {@code kafka-features} tool: the same assertions against broker-stub and a real Apache Kafka 4.3.1 (one
 * subclass each), errors and validateOnly included, so broker-stub answers as a single Kafka 4.3 node does. Petrel's
 * own Admin ({@code io.petrel.admin.Admin}) is held to the answers of kafka-clients' on the same broker.
 *
 * <p>Each test puts back what it changed (transaction.version 2, group.version 1), so the order does not matter.
 * One difference is by design and asserted as such: broker-stub serves neither share nor streams groups, so it
 * supports share.version and streams.version at 0 only, where Kafka supports and finalizes 1; the contract asks of
 * those two only what holds on both (supported from 0, finalized within the supported range).
 */
abstract class FeaturesContract {
    static final String MV = "metadata.version";
    static final String KRAFT = "kraft.version";
    static final String TV = "transaction.version";
    static final String GV = "group.version";
    static final String ELR = "eligible.leader.replicas.version";
    static final String ALL_FAILED = "The update failed for all features since the following feature had an error: ";

    Admin admin;

    /** The broker under test. */
    abstract String bootstrapServers();

    @BeforeEach
    void connect() {
        admin = Interop.admin(bootstrapServers());
    }

    @AfterEach
    void putBackTheLevelsAndDisconnect() throws Exception {
        try {
            update(Map.of(TV, new FeatureUpdate((short) 2, UpgradeType.UPGRADE),
                    GV, new FeatureUpdate((short) 1, UpgradeType.UPGRADE)), false).all().get(30, TimeUnit.SECONDS);
            awaitLevels(KAFKA_43_LEVELS);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    FeatureMetadata describe() throws Exception {
        return admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS);
    }

    /**
     * Waits until describeFeatures shows {@code expected} and returns what it showed: Kafka's broker learns a change
     * from its controller's metadata log a moment after UpdateFeatures answers, so a describe right after may lag.
     */
    FeatureMetadata awaitLevels(Map<String, FinalizedVersionRange> expected) throws Exception {
        FeatureMetadata[] last = {describe()};
        Await.until(Duration.ofSeconds(30), () -> "finalized levels " + expected + ", last seen " + last[0], () -> {
            try {
                last[0] = describe();
            } catch (Exception e) {
                throw new AssertionError("describeFeatures failed", e);
            }
            return commonLevels(last[0]).equals(expected);
        });
        return last[0];
    }

    UpdateFeaturesResult update(Map<String, FeatureUpdate> updates, boolean validateOnly) {
        return admin.updateFeatures(updates, new UpdateFeaturesOptions().validateOnly(validateOnly));
    }

    static FeatureUpdate to(int level, UpgradeType type) {
        return new FeatureUpdate((short) level, type);
    }

    static FinalizedVersionRange finalizedAt(int level) {
        return new FinalizedVersionRange((short) level, (short) level);
    }

    static Throwable failure(KafkaFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS)).getCause();
    }

    /** The levels of the five features both brokers finalize alike. */
    static Map<String, FinalizedVersionRange> commonLevels(FeatureMetadata features) {
        Map<String, FinalizedVersionRange> levels = new LinkedHashMap<>();
        for (String name : List.of(MV, KRAFT, TV, GV, ELR)) {
            levels.put(name, features.finalizedFeatures().get(name));
        }
        return levels;
    }

    static final Map<String, FinalizedVersionRange> KAFKA_43_LEVELS = levels(30, 1, 2, 1, 1);

    static Map<String, FinalizedVersionRange> levels(int mv, int kraft, Integer tv, Integer gv, int elr) {
        Map<String, FinalizedVersionRange> levels = new LinkedHashMap<>();
        levels.put(MV, finalizedAt(mv));
        levels.put(KRAFT, finalizedAt(kraft));
        levels.put(TV, tv == null ? null : finalizedAt(tv));
        levels.put(GV, gv == null ? null : finalizedAt(gv));
        levels.put(ELR, finalizedAt(elr));
        return levels;
    }

    @Test
    void describesTheFeaturesOfAKafka43Node() throws Exception {
        FeatureMetadata features = describe();
        assertEquals(KAFKA_43_LEVELS, commonLevels(features));
        Map<String, SupportedVersionRange> supported = features.supportedFeatures();
        assertEquals(new SupportedVersionRange((short) 7, (short) 30), supported.get(MV), "3.3-IV3 to 4.3-IV0");
        assertEquals(new SupportedVersionRange((short) 0, (short) 1), supported.get(KRAFT));
        assertEquals(new SupportedVersionRange((short) 0, (short) 2), supported.get(TV));
        assertEquals(new SupportedVersionRange((short) 0, (short) 1), supported.get(GV));
        assertEquals(new SupportedVersionRange((short) 0, (short) 1), supported.get(ELR));
        for (String groups : List.of("share.version", "streams.version")) {
            SupportedVersionRange range = supported.get(groups);
            assertEquals(0, range.minVersion(), groups);
            FinalizedVersionRange level = features.finalizedFeatures().get(groups);
            assertTrue(level == null || level.maxVersionLevel() <= range.maxVersion(), groups + " finalized " + level
                    + " within " + range);
        }
        assertTrue(features.finalizedFeaturesEpoch().orElseThrow() >= 0, "a known epoch");
    }

    @Test
    void refusesWhatKafkaRefusesWithKafkasMessages() throws Exception {
        Map<Map<String, FeatureUpdate>, String> refused = new LinkedHashMap<>();
        refused.put(Map.of("foo.version", to(1, UpgradeType.UPGRADE)),
                "Invalid update version 1 for feature foo.version. Local controller 1 does not support this feature.");
        refused.put(Map.of("foo.version", to(0, UpgradeType.UNSAFE_DOWNGRADE)),
                "Invalid update version 0 for feature foo.version. Feature foo.version not found.");
        refused.put(Map.of(TV, to(3, UpgradeType.UPGRADE)),
                "Invalid update version 3 for feature transaction.version. Local controller 1 only supports versions 0-2");
        refused.put(Map.of(GV, to(2, UpgradeType.UPGRADE)),
                "Invalid update version 2 for feature group.version. Local controller 1 only supports versions 0-1");
        refused.put(Map.of(MV, to(31, UpgradeType.UPGRADE)),
                "Invalid update version 31 for feature metadata.version. Local controller 1 only supports versions 7-30");
        refused.put(Map.of(MV, to(6, UpgradeType.UNSAFE_DOWNGRADE)),
                "Invalid update version 6 for feature metadata.version. Local controller 1 only supports versions 7-30");
        refused.put(Map.of(TV, to(1, UpgradeType.UPGRADE)), "Invalid update version 1 for feature transaction.version. "
                + "Can't downgrade the version of this feature without setting the upgrade type to either safe or "
                + "unsafe downgrade.");
        refused.put(Map.of(MV, to(29, UpgradeType.SAFE_DOWNGRADE)), "Unsupported metadata.version downgrade from 30 to "
                + "29. Refusing to perform the requested downgrade because it might delete metadata information.");
        refused.put(Map.of(MV, to(29, UpgradeType.UNSAFE_DOWNGRADE)), "Unsupported metadata.version downgrade from 30 "
                + "to 29. Unsafe metadata downgrade is not supported in this version.");
        refused.put(Map.of(KRAFT, to(0, UpgradeType.UNSAFE_DOWNGRADE)),
                "Invalid update version 0 for feature kraft.version. Can't downgrade the version of this feature.");
        for (boolean validateOnly : new boolean[] {false, true}) {
            for (Map.Entry<Map<String, FeatureUpdate>, String> c : refused.entrySet()) {
                String feature = c.getKey().keySet().iterator().next();
                Throwable error = failure(update(c.getKey(), validateOnly).values().get(feature));
                assertInstanceOf(InvalidUpdateVersionException.class, error, c.getKey().toString());
                assertEquals(ALL_FAILED + c.getValue(), error.getMessage(), c.getKey() + " validateOnly " + validateOnly);
            }
        }
        assertEquals(KAFKA_43_LEVELS, commonLevels(describe()), "nothing changed");
    }

    @Test
    void oneRefusedUpdateFailsTheOthersOfTheRequest() throws Exception {
        Map<String, FeatureUpdate> updates = new LinkedHashMap<>();
        updates.put("foo.version", to(1, UpgradeType.UPGRADE));
        updates.put(TV, to(1, UpgradeType.SAFE_DOWNGRADE));
        UpdateFeaturesResult result = update(updates, false);
        for (String feature : updates.keySet()) {
            Throwable error = failure(result.values().get(feature));
            assertInstanceOf(InvalidUpdateVersionException.class, error, feature);
            assertEquals(ALL_FAILED + "Invalid update version 1 for feature foo.version. Local controller 1 does not "
                    + "support this feature.", error.getMessage(), feature);
        }
        assertEquals(KAFKA_43_LEVELS, commonLevels(describe()), "transaction.version was not lowered");
    }

    @Test
    void validateOnlyChecksWithoutChangingAnything() throws Exception {
        update(Map.of(TV, to(1, UpgradeType.SAFE_DOWNGRADE), GV, to(0, UpgradeType.UNSAFE_DOWNGRADE),
                ELR, to(0, UpgradeType.SAFE_DOWNGRADE)), true).all().get(30, TimeUnit.SECONDS);
        assertEquals(KAFKA_43_LEVELS, commonLevels(describe()));
    }

    @Test
    void transactionVersionGoesDownAndBackUp() throws Exception {
        long epoch = describe().finalizedFeaturesEpoch().orElseThrow();
        update(Map.of(TV, to(1, UpgradeType.SAFE_DOWNGRADE)), false).all().get(30, TimeUnit.SECONDS);
        FeatureMetadata lowered = awaitLevels(levels(30, 1, 1, 1, 1));
        assertTrue(lowered.finalizedFeaturesEpoch().orElseThrow() > epoch, "the epoch moves on with a change");

        Throwable newer = failure(update(Map.of(TV, to(2, UpgradeType.SAFE_DOWNGRADE)), false).all());
        assertEquals(ALL_FAILED + "Invalid update version 2 for feature transaction.version. Can't downgrade to a "
                + "newer version.", newer.getMessage());

        update(Map.of(TV, to(0, UpgradeType.UNSAFE_DOWNGRADE)), false).all().get(30, TimeUnit.SECONDS);
        awaitLevels(levels(30, 1, null, 1, 1));

        update(Map.of(TV, to(2, UpgradeType.UPGRADE), MV, to(30, UpgradeType.UPGRADE), KRAFT, to(1, UpgradeType.UPGRADE)),
                false).all().get(30, TimeUnit.SECONDS);
        awaitLevels(KAFKA_43_LEVELS);
    }

    @Test
    void groupVersionZeroTurnsTheConsumerGroupProtocolOff() throws Exception {
        String topic = "features-" + UUID.randomUUID().toString().substring(0, 8);
        Interop.createTopic(admin, topic, 1);
        update(Map.of(GV, to(0, UpgradeType.SAFE_DOWNGRADE)), false).all().get(30, TimeUnit.SECONDS);
        awaitLevels(levels(30, 1, 2, null, 1));
        try (KafkaConsumer<byte[], byte[]> consumer = consumerGroupProtocolMember(topic)) {
            consumer.subscribe(List.of(topic));
            UnsupportedVersionException refused = assertThrows(UnsupportedVersionException.class, () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(100));
                }
            });
            assertTrue(refused.getMessage().contains("does not support the new CONSUMER group protocol"),
                    refused.getMessage());
        }
        update(Map.of(GV, to(1, UpgradeType.UPGRADE)), false).all().get(30, TimeUnit.SECONDS);
        awaitLevels(KAFKA_43_LEVELS);
        try (KafkaConsumer<byte[], byte[]> consumer = consumerGroupProtocolMember(topic)) {
            consumer.subscribe(List.of(topic));
            Await.until(Duration.ofSeconds(30), "an assignment under the consumer group protocol", () -> {
                consumer.poll(Duration.ofMillis(100));
                return !consumer.assignment().isEmpty();
            });
        }
    }

    private KafkaConsumer<byte[], byte[]> consumerGroupProtocolMember(String topic) {
        Properties config = Interop.consumerConfig(bootstrapServers(), topic + "-" + UUID.randomUUID());
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        return new KafkaConsumer<>(config);
    }

    private io.petrel.admin.Admin petrelAdmin() {
        return io.petrel.admin.Admin.create(Map.of("bootstrap.servers", bootstrapServers(),
                "default.api.timeout.ms", "30000"));
    }

    private static Map<String, io.petrel.admin.FeatureUpdate> petrelUpdate(String feature, int level,
                                                                         io.petrel.admin.FeatureUpdate.UpgradeType type) {
        return Map.of(feature, new io.petrel.admin.FeatureUpdate((short) level, type));
    }

    @Test
    void petrelsAdminDescribesTheFeaturesAsKafkasAdminDoes() throws Exception {
        FeatureMetadata kafkas = describe();
        try (io.petrel.admin.Admin petrel = petrelAdmin()) {
            io.petrel.admin.FeatureMetadata petrels = petrel.describeFeatures().get(30, TimeUnit.SECONDS);
            Map<String, String> expected = new java.util.TreeMap<>();
            kafkas.finalizedFeatures().forEach((name, range) -> expected.put(name, range.minVersionLevel() + "-"
                    + range.maxVersionLevel()));
            Map<String, String> actual = new java.util.TreeMap<>();
            petrels.finalizedFeatures().forEach((name, range) -> actual.put(name, range.minVersionLevel() + "-"
                    + range.maxVersionLevel()));
            assertEquals(expected, actual, "finalized levels");
            expected.clear();
            actual.clear();
            kafkas.supportedFeatures().forEach((name, range) -> expected.put(name, range.minVersion() + "-"
                    + range.maxVersion()));
            petrels.supportedFeatures().forEach((name, range) -> actual.put(name, range.minVersion() + "-"
                    + range.maxVersion()));
            assertEquals(expected, actual, "supported ranges");
            assertTrue(petrels.finalizedFeaturesEpoch().orElseThrow() >= kafkas.finalizedFeaturesEpoch().orElseThrow(),
                    "the epoch never goes back");
        }
    }

    @Test
    void petrelsAdminUpdatesFeaturesWithKafkasOutcomes() throws Exception {
        try (io.petrel.admin.Admin petrel = petrelAdmin()) {
            var unknown = petrel.updateFeatures(petrelUpdate("foo.version", 1,
                    io.petrel.admin.FeatureUpdate.UpgradeType.UPGRADE));
            Throwable refused = assertThrows(ExecutionException.class,
                    () -> unknown.values().get("foo.version").get(30, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(io.petrel.admin.InvalidUpdateVersionException.class, refused);
            assertTrue(refused.getMessage().endsWith(ALL_FAILED + "Invalid update version 1 for feature foo.version. "
                    + "Local controller 1 does not support this feature."), refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> petrel.updateFeatures(Map.of()));
            assertThrows(IllegalArgumentException.class, () -> new io.petrel.admin.FeatureUpdate((short) 0,
                    io.petrel.admin.FeatureUpdate.UpgradeType.UPGRADE));

            petrel.updateFeatures(petrelUpdate(TV, 1, io.petrel.admin.FeatureUpdate.UpgradeType.SAFE_DOWNGRADE),
                    new io.petrel.admin.UpdateFeaturesOptions(true)).all().get(30, TimeUnit.SECONDS);
            assertEquals(KAFKA_43_LEVELS, commonLevels(describe()), "validateOnly changed nothing");

            petrel.updateFeatures(petrelUpdate(TV, 1, io.petrel.admin.FeatureUpdate.UpgradeType.SAFE_DOWNGRADE))
                    .all().get(30, TimeUnit.SECONDS);
            awaitLevels(levels(30, 1, 1, 1, 1));
            petrel.updateFeatures(petrelUpdate(TV, 2, io.petrel.admin.FeatureUpdate.UpgradeType.UPGRADE))
                    .all().get(30, TimeUnit.SECONDS);
            awaitLevels(KAFKA_43_LEVELS);
        }
    }

    @Test
    void kafkaFeaturesDescribesAndDryRuns() {
        KafkaTools.Run describe = KafkaTools.run(FeatureCommand::main, null,
                "--bootstrap-server", bootstrapServers(), "describe");
        assertEquals(0, describe.exitCode(), describe.transcript());
        List<String> lines = new ArrayList<>();
        for (String line : describe.outLines()) {
            if (line.startsWith("Feature:") && !line.contains("share.version") && !line.contains("streams.version")) {
                lines.add(line.replaceAll("\\s+", " ").replaceAll("Epoch: \\d+", "Epoch: N").trim());
            }
        }
        assertEquals(List.of(
                "Feature: eligible.leader.replicas.version SupportedMinVersion: 0 SupportedMaxVersion: 1 FinalizedVersionLevel: 1 Epoch: N",
                "Feature: group.version SupportedMinVersion: 0 SupportedMaxVersion: 1 FinalizedVersionLevel: 1 Epoch: N",
                "Feature: kraft.version SupportedMinVersion: 0 SupportedMaxVersion: 1 FinalizedVersionLevel: 1 Epoch: N",
                "Feature: metadata.version SupportedMinVersion: 3.3-IV3 SupportedMaxVersion: 4.3-IV0 FinalizedVersionLevel: 4.3-IV0 Epoch: N",
                "Feature: transaction.version SupportedMinVersion: 0 SupportedMaxVersion: 2 FinalizedVersionLevel: 2 Epoch: N"),
                lines, describe.transcript());

        KafkaTools.Run dryRun = KafkaTools.run(FeatureCommand::main, null, "--bootstrap-server", bootstrapServers(),
                "downgrade", "--feature", "transaction.version=1", "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun.transcript());
        assertTrue(dryRun.outLines().contains("transaction.version can be downgraded to 1."), dryRun.transcript());

        KafkaTools.Run refused = KafkaTools.run(FeatureCommand::main, null, "--bootstrap-server", bootstrapServers(),
                "upgrade", "--feature", "group.version=2");
        assertEquals(1, refused.exitCode(), refused.transcript());
        assertTrue(refused.outLines().contains("Could not upgrade group.version to 2. " + ALL_FAILED + "Invalid update "
                + "version 2 for feature group.version. Local controller 1 only supports versions 0-1"),
                refused.transcript());
        assertFalse(describe.transcript().contains("UnsupportedVersion"), describe.transcript());
    }
}
