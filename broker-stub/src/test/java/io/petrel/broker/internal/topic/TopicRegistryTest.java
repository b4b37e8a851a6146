package io.petrel.broker.internal.topic;

import io.petrel.broker.BrokerConfig;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicRegistryTest {
    @TempDir
    Path dir;
    private BrokerConfig config;
    private TopicRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        config = BrokerConfig.builder().dataDir(dir).numPartitions(3).build();
        registry = TopicRegistry.open(dir, config);
    }

    @AfterEach
    void tearDown() throws IOException {
        registry.close();
    }

    private TopicException refused(ErrorCode expected, ThrowingAction action) {
        TopicException e = assertThrows(TopicException.class, action::run);
        assertEquals(expected, e.errorCode(), e.getMessage());
        return e;
    }

    @FunctionalInterface
    private interface ThrowingAction {
        void run() throws Exception;
    }

    private static java.nio.ByteBuffer batch(int records) {
        RecordBatchBuilder b = new RecordBatchBuilder(0);
        for (int i = 0; i < records; i++) {
            b.append(1_000L + i, null, new byte[]{(byte) i});
        }
        return b.build();
    }

    @Test
    void createsAndLooksUpByNameAndId() throws Exception {
        Topic orders = registry.create("orders", 4, Map.of("retention.ms", "60000"));
        Topic audit = registry.create("audit", 1, Map.of());
        assertEquals(orders, registry.topic("orders").orElseThrow());
        assertEquals(orders, registry.topic(orders.id()).orElseThrow());
        assertEquals(4, orders.partitions());
        assertEquals(60000L, orders.logConfig().retentionMs());
        assertNotEquals(new UUID(0, 0), orders.id());
        assertNotEquals(orders.id(), audit.id());
        assertEquals(List.of("audit", "orders"), registry.topics().stream().map(Topic::name).toList());
        assertTrue(Files.isDirectory(dir.resolve("orders-3")));
        assertTrue(registry.topic("nope").isEmpty());
        assertTrue(registry.topic(UUID.randomUUID()).isEmpty());
    }

    @Test
    void refusesDuplicatesCollisionsBadCountsAndBadConfigs() throws Exception {
        registry.create("a.b", 1, Map.of());
        assertTrue(refused(ErrorCode.TOPIC_ALREADY_EXISTS, () -> registry.create("a.b", 1, Map.of()))
                .getMessage().contains("'a.b' already exists"));
        assertTrue(refused(ErrorCode.INVALID_TOPIC_EXCEPTION, () -> registry.create("a_b", 1, Map.of()))
                .getMessage().contains("collides with existing topic 'a.b'"));
        assertTrue(refused(ErrorCode.INVALID_PARTITIONS, () -> registry.create("zero", 0, Map.of()))
                .getMessage().contains("expected at least 1"));
        refused(ErrorCode.INVALID_PARTITIONS, () -> registry.create("huge", TopicRegistry.MAX_PARTITIONS + 1, Map.of()));
        refused(ErrorCode.INVALID_CONFIG, () -> registry.create("badconfig", 1, Map.of("retention.ms", "x")));
        refused(ErrorCode.INVALID_TOPIC_EXCEPTION, () -> registry.create("bad name", 1, Map.of()));
        assertFalse(Files.exists(dir.resolve("badconfig-0")), "a refused topic leaves nothing on disk");
        assertEquals(1, registry.topics().size());
    }

    @Test
    void survivesCloseAndReopenWithIdsPartitionsConfigsAndData() throws Exception {
        Topic orders = registry.create("orders", 2, Map.of("retention.ms", "60000", "cleanup.policy", "compact"));
        Topic audit = registry.create("audit", 1, Map.of());
        registry.partition("orders", 1).append(batch(3));
        registry.createPartitions("audit", 3);
        registry.close();

        registry = TopicRegistry.open(dir, config);
        Topic reopened = registry.topic("orders").orElseThrow();
        assertEquals(orders.id(), reopened.id());
        assertEquals(2, reopened.partitions());
        assertEquals(Map.of("retention.ms", "60000", "cleanup.policy", "compact"), reopened.configOverrides());
        assertEquals(60000L, reopened.logConfig().retentionMs());
        assertEquals(3L, registry.partition("orders", 1).logEndOffset());
        assertEquals(audit.id(), registry.topic("audit").orElseThrow().id());
        assertEquals(3, registry.topic("audit").orElseThrow().partitions());
        assertTrue(Files.exists(dir.resolve(TopicRegistry.METADATA_FILE_NAME)));
        assertFalse(Files.exists(dir.resolve(TopicRegistry.METADATA_FILE_NAME + ".tmp")));
    }

    @Test
    void deleteRemovesTheTopicFromDiskAndARecreatedTopicStartsEmpty() throws Exception {
        Topic first = registry.create("events", 1, Map.of());
        registry.partition("events", 0).append(batch(5));
        registry.delete("events");
        assertTrue(registry.topic("events").isEmpty());
        assertTrue(registry.topic(first.id()).isEmpty());
        assertFalse(Files.exists(dir.resolve("events-0")));
        refused(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, () -> registry.delete("events"));
        refused(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, () -> registry.partition("events", 0));

        registry.close();
        registry = TopicRegistry.open(dir, config);
        assertTrue(registry.topic("events").isEmpty(), "the deletion was durable");
        Topic second = registry.create("events", 1, Map.of());
        assertNotEquals(first.id(), second.id());
        assertEquals(0L, registry.partition("events", 0).logEndOffset());
    }

    @Test
    void leftoverDirectoriesAreWipedWhenATopicOfThatNameIsCreated() throws Exception {
        Path stray = dir.resolve("ghost-0");
        Files.createDirectories(stray);
        Files.writeString(stray.resolve("junk.txt"), "left by a crash");
        registry.create("ghost", 1, Map.of());
        assertFalse(Files.exists(stray.resolve("junk.txt")));
        assertEquals(0L, registry.partition("ghost", 0).logEndOffset());
    }

    @Test
    void partitionsOnlyGrow() throws Exception {
        registry.create("grow", 2, Map.of());
        registry.createPartitions("grow", 5);
        assertEquals(5, registry.topic("grow").orElseThrow().partitions());
        assertEquals(0L, registry.partition("grow", 4).logEndOffset());
        assertTrue(refused(ErrorCode.INVALID_PARTITIONS, () -> registry.createPartitions("grow", 5))
                .getMessage().contains("already has 5"));
        assertTrue(refused(ErrorCode.INVALID_PARTITIONS, () -> registry.createPartitions("grow", 3))
                .getMessage().contains("never removed"));
        refused(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, () -> registry.createPartitions("nope", 3));
        registry.validateCreatePartitions("grow", 9);
        assertEquals(5, registry.topic("grow").orElseThrow().partitions(), "validation changes nothing");
        refused(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, () -> registry.partition("grow", 5));
    }

    @Test
    void validateCreateCreatesNothing() throws Exception {
        Topic candidate = registry.validateCreate("dry", 2, Map.of("retention.ms", "1"));
        assertEquals(2, candidate.partitions());
        assertTrue(registry.topic("dry").isEmpty());
        assertFalse(Files.exists(dir.resolve("dry-0")));
    }

    @Test
    void autoCreatesWithNumPartitionsWhenEnabled() throws Exception {
        Topic auto = registry.getOrAutoCreate("auto");
        assertEquals(3, auto.partitions());
        assertEquals(auto, registry.getOrAutoCreate("auto"));
        refused(ErrorCode.INVALID_TOPIC_EXCEPTION, () -> registry.getOrAutoCreate("bad/name"));

        registry.close();
        BrokerConfig off = config.toBuilder().autoCreateTopics(false).build();
        registry = TopicRegistry.open(dir, off);
        assertTrue(refused(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, () -> registry.getOrAutoCreate("other"))
                .getMessage().contains("auto.create.topics.enable is false"));
        assertEquals(auto.id(), registry.getOrAutoCreate("auto").id());
    }

    @Test
    void concurrentAutoCreationCreatesOneTopic() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Topic>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> registry.getOrAutoCreate("raced")));
            }
            Set<UUID> ids = new HashSet<>();
            for (Future<Topic> f : results) {
                ids.add(f.get(10, TimeUnit.SECONDS).id());
            }
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedRegistryRefusesChanges() throws Exception {
        registry.close();
        assertThrows(IOException.class, () -> registry.create("late", 1, Map.of()));
    }

    @Test
    void aMalformedMetadataFileIsReportedWithItsLine() throws Exception {
        registry.close();
        Files.writeString(dir.resolve(TopicRegistry.METADATA_FILE_NAME), "version 1\ntopic x not-a-uuid 1\n");
        IOException e = assertThrows(IOException.class, () -> TopicRegistry.open(dir, config));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.delete(dir.resolve(TopicRegistry.METADATA_FILE_NAME));
        registry = TopicRegistry.open(dir, config);
    }
}
