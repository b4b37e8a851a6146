package io.petrel.admin;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;
import io.petrel.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What Petrel's Admin client does against a broker, with the same assertions on every broker it runs against
 * (broker-stub here, a real Apache Kafka 4.3.1 in interop-tests): topics, configs, offsets, records, the cluster
 * and consumer groups, and the errors a user meets (topic exists, not found, invalid config value, group not
 * empty), each naming the resource. A call the broker does not serve yet is skipped by an assumption naming the
 * missing API, never silently.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class AdminContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    protected Admin admin;

    protected abstract String bootstrapServers();

    /** The Kafka APIs (by Kafka's name, e.g. "DeleteRecords") the broker under test does not serve yet. */
    protected Set<String> apisNotServed() {
        return Set.of();
    }

    private void assumeServed(String api) {
        assumeTrue(!apisNotServed().contains(api), "this broker does not serve " + api + " yet");
    }

    @BeforeEach
    void openAdmin() {
        admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(), "default.api.timeout.ms", "30000"));
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        return e.getCause();
    }

    private String createTopic(int partitions, Map<String, String> configs) throws Exception {
        String topic = unique("admin");
        get(admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all());
        awaitListed(topic);
        return topic;
    }

    /**
     * Kafka's brokers learn a new topic from the metadata log a moment after CreateTopics answers (kafka-clients'
     * Admin sees the same), so a test that goes on to use it waits until it is listed.
     */
    private void awaitListed(String topic) {
        Await.until("topic " + topic + " is listed", () -> {
            try {
                return get(admin.listTopics()).containsKey(topic);
            } catch (Exception e) {
                throw new AssertionError("listTopics failed", e);
            }
        });
    }

    private int partitionCount(String topic) {
        try {
            return get(admin.describeTopics(List.of(topic)).values().get(topic)).partitions().size();
        } catch (Exception e) {
            throw new AssertionError("describeTopics failed", e);
        }
    }

    // ---- topics ----

    @Test
    void aCreatedTopicIsListedDescribedWithItsConfigAndDeleted() throws Exception {
        String topic = createTopic(3, Map.of("cleanup.policy", "compact"));

        assertTrue(get(admin.listTopics()).containsKey(topic));
        TopicDescription description = get(admin.describeTopics(List.of(topic)).values().get(topic));
        assertEquals(topic, description.name());
        assertFalse(description.internal());
        assertEquals(List.of(0, 1, 2), description.partitions().stream().map(TopicPartitionInfo::partition).toList());
        description.partitions().forEach(p -> {
            assertNotNull(p.leader(), "partition " + p.partition() + " has a leader");
            assertEquals(1, p.replicas().size());
        });

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = get(admin.describeConfigs(List.of(resource)).values().get(resource));
        ConfigEntry policy = config.get("cleanup.policy");
        assertEquals("compact", policy.value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, policy.source());
        assertTrue(config.get("retention.ms").isDefault() || config.get("retention.ms").source()
                != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, "retention.ms was not set on the topic");

        get(admin.deleteTopics(List.of(topic)).all());
    }

    @Test
    void creatingATopicThatExistsFailsWithTopicExistsNamingIt() throws Exception {
        String topic = createTopic(1, Map.of());
        Throwable e = failure(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).values().get(topic));
        assertInstanceOf(TopicExistsException.class, e);
        assertTrue(e.getMessage().contains(topic), e.getMessage());
    }

    @Test
    void eachTopicOfOneCallSucceedsOrFailsOnItsOwn() throws Exception {
        String existing = createTopic(1, Map.of());
        String fresh = unique("admin");
        ResourceResults<String, Void> results = admin.createTopics(List.of(new NewTopic(existing, 1, (short) 1),
                new NewTopic(fresh, 2, (short) 1)));
        get(results.values().get(fresh));
        assertInstanceOf(TopicExistsException.class, failure(results.values().get(existing)));
        assertInstanceOf(TopicExistsException.class, failure(results.all()));
        awaitListed(fresh);
        assertEquals(2, get(admin.describeTopics(List.of(fresh)).all()).get(fresh).partitions().size());
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        String topic = unique("admin");
        get(admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)), new CreateTopicsOptions(true)).all());
        assertFalse(get(admin.listTopics()).containsKey(topic));
    }

    @Test
    void anInvalidConfigValueFailsWithInvalidConfigurationNamingTheTopic() throws Exception {
        String topic = unique("admin");
        Throwable e = failure(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("cleanup.policy", "sometimes")))).values().get(topic));
        assertInstanceOf(InvalidConfigurationException.class, e);
        assertTrue(e.getMessage().contains(topic), e.getMessage());
        assertFalse(get(admin.listTopics()).containsKey(topic));
    }

    @Test
    void aMissingTopicIsUnknownToDescribeAndDelete() {
        String topic = unique("missing");
        Throwable described = failure(admin.describeTopics(List.of(topic)).values().get(topic));
        assertInstanceOf(UnknownTopicOrPartitionException.class, described);
        assertTrue(described.getMessage().contains(topic), described.getMessage());
        assertInstanceOf(UnknownTopicOrPartitionException.class, failure(admin.deleteTopics(List.of(topic)).values().get(topic)));
        TopicPartition tp = new TopicPartition(topic, 0);
        assertInstanceOf(UnknownTopicOrPartitionException.class,
                failure(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).values().get(tp)));
    }

    @Test
    void partitionsAreAddedAndNeverRemoved() throws Exception {
        String topic = createTopic(1, Map.of());
        get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all());
        // As with a new topic, Kafka's brokers learn the new partitions from the metadata log a moment after
        // CreatePartitions answers (CI saw one partition described right after), so the describe waits for them.
        Await.until("topic " + topic + " is described with 3 partitions", () -> partitionCount(topic) == 3);
        Throwable e = failure(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).values().get(topic));
        assertInstanceOf(InvalidPartitionsException.class, e);
        assertTrue(e.getMessage().contains(topic), e.getMessage());
    }

    // ---- offsets and records ----

    /**
     * A record timestamp 1,000 s back: a broker's time retention (Kafka's default 7 days, checked 30 s after start and
     * every 5 minutes) deletes records stamped years ago, and a check during a test would move its log start.
     */
    private static long recentTimestamp() {
        return System.currentTimeMillis() - 1_000_000;
    }

    private void produce(String topic, int count, long firstTimestamp) throws Exception {
        try (Producer<String, String> producer = Producer.create(Map.of("bootstrap.servers", bootstrapServers(),
                "linger.ms", "0"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                get(producer.send(ProducerRecord.<String, String>builder(topic).partition(0)
                        .timestamp(firstTimestamp + i * 1000L).key("k" + i).value("v" + i).build()));
            }
        }
    }

    @Test
    void listOffsetsFindsEarliestLatestMaxTimestampAndByTimestamp() throws Exception {
        String topic = createTopic(1, Map.of());
        long t0 = recentTimestamp();
        produce(topic, 5, t0);
        TopicPartition tp = new TopicPartition(topic, 0);

        assertEquals(0, get(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).values().get(tp)).offset());
        assertEquals(5, get(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).values().get(tp)).offset());
        ListOffsetsResultInfo third = get(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(t0 + 1500))).values().get(tp));
        assertEquals(2, third.offset());
        assertEquals(t0 + 2000, third.timestamp());
        ListOffsetsResultInfo newest = get(admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).values().get(tp));
        assertEquals(4, newest.offset());
        assertEquals(t0 + 4000, newest.timestamp());
        assertEquals(-1, get(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(t0 + 60_000))).values().get(tp)).offset());

        TopicPartition beyond = new TopicPartition(topic, 7);
        assertInstanceOf(UnknownTopicOrPartitionException.class,
                failure(admin.listOffsets(Map.of(beyond, OffsetSpec.latest())).values().get(beyond)));
    }

    @Test
    void deleteRecordsMovesTheLogStartOffset() throws Exception {
        assumeServed("DeleteRecords");
        String topic = createTopic(1, Map.of());
        produce(topic, 5, recentTimestamp());
        TopicPartition tp = new TopicPartition(topic, 0);

        assertEquals(3, get(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(3))).values().get(tp)).lowWatermark());
        assertEquals(3, get(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).values().get(tp)).offset());
        assertEquals(5, get(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).values().get(tp)).offset());
        Throwable beyondEnd = failure(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(99))).values().get(tp));
        assertTrue(beyondEnd.getMessage().contains("OFFSET_OUT_OF_RANGE"), beyondEnd.getMessage());
    }

    // ---- configs ----

    @Test
    void incrementalAlterConfigsSetsDeletesAndRefusesABadValue() throws Exception {
        assumeServed("IncrementalAlterConfigs");
        String topic = createTopic(1, Map.of());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);

        get(admin.incrementalAlterConfigs(Map.of(resource, List.of(AlterConfigOp.set("retention.ms", "123456")))).all());
        // Kafka's controller commits the change, then each broker applies it from the metadata log: a describe
        // right after the alter may still see the old value there.
        Await.until("retention.ms of " + topic + " is described as 123456",
                () -> "123456".equals(retentionOf(resource).value()));
        ConfigEntry retention = retentionOf(resource);
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());

        Throwable bad = failure(admin.incrementalAlterConfigs(Map.of(resource,
                List.of(AlterConfigOp.set("retention.ms", "a week")))).values().get(resource));
        assertInstanceOf(InvalidConfigurationException.class, bad);
        assertTrue(bad.getMessage().contains(topic), bad.getMessage());

        get(admin.incrementalAlterConfigs(Map.of(resource, List.of(AlterConfigOp.delete("retention.ms")))).all());
        Await.until("retention.ms of " + topic + " is back to its default", () -> retentionOf(resource).isDefault());
    }

    private ConfigEntry retentionOf(ConfigResource resource) {
        try {
            return get(admin.describeConfigs(List.of(resource)).values().get(resource)).get("retention.ms");
        } catch (Exception e) {
            throw new AssertionError("describeConfigs of " + resource + " failed", e);
        }
    }

    // ---- cluster ----

    @Test
    void describeClusterNamesTheClusterAndItsBroker() throws Exception {
        ClusterDescription cluster = get(admin.describeCluster());
        assertNotNull(cluster.clusterId());
        assertFalse(cluster.clusterId().isEmpty());
        assertEquals(1, cluster.nodes().size());
        String bootstrapPort = bootstrapServers().substring(bootstrapServers().lastIndexOf(':') + 1);
        assertEquals(Integer.parseInt(bootstrapPort.split(",")[0]), cluster.nodes().get(0).port());
    }

    // ---- groups ----

    private Consumer<String, String> consumer(String groupId, String instanceId) {
        Map<String, Object> settings = new HashMap<>(Map.of("bootstrap.servers", bootstrapServers(), "group.id", groupId,
                "auto.offset.reset", "earliest", "enable.auto.commit", "false"));
        if (instanceId != null) {
            settings.put("group.instance.id", instanceId);
        }
        return Consumer.create(settings, new StringDeserializer(), new StringDeserializer());
    }

    /** A group that read a topic of 3 records, committed offset 3 and left: Empty, with offsets. */
    private String groupWithCommittedOffsets(String topic) throws Exception {
        String group = unique("group");
        try (Consumer<String, String> consumer = consumer(group, null)) {
            consumer.subscribe(List.of(topic));
            int read = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read < 3 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertEquals(3, read);
            consumer.commitSync();
        }
        return group;
    }

    @Test
    void aGroupsOffsetsAreListedAlteredAndDeleted() throws Exception {
        String topic = createTopic(1, Map.of());
        produce(topic, 3, recentTimestamp());
        String group = groupWithCommittedOffsets(topic);
        TopicPartition tp = new TopicPartition(topic, 0);

        assertTrue(get(admin.listConsumerGroups()).stream().anyMatch(g -> g.groupId().equals(group)));
        ConsumerGroupDescription described = get(admin.describeConsumerGroups(List.of(group)).values().get(group));
        assertEquals("Empty", described.state());
        assertTrue(described.members().isEmpty());
        assertEquals(3, get(admin.listConsumerGroupOffsets(group)).get(tp).offset());

        get(admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(1, "rewound"))).all());
        OffsetAndMetadata altered = get(admin.listConsumerGroupOffsets(group)).get(tp);
        assertEquals(1, altered.offset());
        assertEquals("rewound", altered.metadata());

        assumeServed("OffsetDelete");
        get(admin.deleteConsumerGroupOffsets(group, Set.of(tp)).all());
        assertFalse(get(admin.listConsumerGroupOffsets(group)).containsKey(tp));
    }

    @Test
    void anEmptyGroupIsDeletedAndThenNotFound() throws Exception {
        assumeServed("DeleteGroups");
        String topic = createTopic(1, Map.of());
        produce(topic, 3, recentTimestamp());
        String group = groupWithCommittedOffsets(topic);

        get(admin.deleteConsumerGroups(List.of(group)).all());
        assertInstanceOf(GroupIdNotFoundException.class,
                failure(admin.describeConsumerGroups(List.of(group)).values().get(group)));
        assertInstanceOf(GroupIdNotFoundException.class, failure(admin.deleteConsumerGroups(List.of(group)).values().get(group)));
    }

    @Test
    void anUnknownGroupIsNotFound() {
        String group = unique("nobody");
        Throwable e = failure(admin.describeConsumerGroups(List.of(group)).values().get(group));
        assertInstanceOf(GroupIdNotFoundException.class, e);
        assertTrue(e.getMessage().contains(group), e.getMessage());
    }

    @Test
    void anActiveGroupIsDescribedRefusesDeletionAndLosesARemovedStaticMember() throws Exception {
        String topic = createTopic(2, Map.of());
        produce(topic, 3, recentTimestamp());
        String group = unique("group");
        String instance = unique("instance");
        try (Consumer<String, String> consumer = consumer(group, instance)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (consumer.assignment().size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            assertEquals(2, consumer.assignment().size());

            ConsumerGroupDescription described = get(admin.describeConsumerGroups(List.of(group)).values().get(group));
            assertEquals("Stable", described.state());
            assertEquals("consumer", described.protocolType());
            assertEquals(1, described.members().size());
            MemberDescription member = described.members().get(0);
            assertEquals(instance, member.groupInstanceId());
            assertEquals(Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)), Set.copyOf(member.assignment()));

            if (!apisNotServed().contains("DeleteGroups")) {
                Throwable e = failure(admin.deleteConsumerGroups(List.of(group)).values().get(group));
                assertInstanceOf(GroupNotEmptyException.class, e);
                assertTrue(e.getMessage().contains(group), e.getMessage());
            }

            get(admin.removeMembersFromConsumerGroup(group, List.of(instance)).all());
            assertEquals("Empty", get(admin.describeConsumerGroups(List.of(group)).values().get(group)).state());
        }
    }
}
