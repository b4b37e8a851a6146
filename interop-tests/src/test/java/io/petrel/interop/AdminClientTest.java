package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka's Admin client against broker-stub: the topic life cycle as a user drives it. */
class AdminClientTest {
    private static final int NUM_PARTITIONS = 4;

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.numPartitions(NUM_PARTITIONS));

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Interop.admin(kafka.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void describesTheClusterAsOneNode() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();
        assertEquals(kafka.broker().clusterId(), cluster.clusterId().get());
        List<Node> nodes = List.copyOf(cluster.nodes().get());
        assertEquals(1, nodes.size(), () -> "nodes: " + nodes);
        Node node = nodes.get(0);
        assertEquals(kafka.broker().bootstrapServers(), node.host() + ":" + node.port());
        assertEquals(kafka.broker().config().nodeId(), node.id());
    }

    @Test
    void createsListsDescribesGrowsAndDeletesATopic() throws Exception {
        String topic = "admin.orders";
        int nodeId = kafka.broker().config().nodeId();
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                .configs(Map.of("retention.ms", "3600000", "max.message.bytes", "2097152"))));
        created.all().get();
        assertEquals(3, created.numPartitions(topic).get());
        assertEquals(1, created.replicationFactor(topic).get());
        Uuid topicId = created.topicId(topic).get();
        assertNotNull(topicId);
        assertNotEquals(Uuid.ZERO_UUID, topicId);
        assertEquals("3600000", created.config(topic).get().get("retention.ms").value());

        Map<String, TopicListing> listed = admin.listTopics().namesToListings().get();
        assertTrue(listed.containsKey(topic), () -> "listTopics: " + listed.keySet());
        assertEquals(topicId, listed.get(topic).topicId());
        assertFalse(listed.get(topic).isInternal());

        TopicDescription description = describe(topic);
        assertEquals(topic, description.name());
        assertEquals(topicId, description.topicId());
        assertFalse(description.isInternal());
        assertLedByThisNode(description, 3, nodeId);

        Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                .all().get().values().iterator().next();
        ConfigEntry retention = config.get("retention.ms");
        assertEquals("3600000", retention.value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());
        assertFalse(retention.isDefault());
        assertEquals("2097152", config.get("max.message.bytes").value());
        ConfigEntry segmentBytes = config.get("segment.bytes");
        assertNotNull(segmentBytes, "segment.bytes is described though not overridden");
        assertEquals("1073741824", segmentBytes.value());
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, segmentBytes.source());
        assertNotNull(config.get("cleanup.policy"), "every Kafka topic config is described");
        assertEquals("delete", config.get("cleanup.policy").value());

        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all().get();
        assertLedByThisNode(describe(topic), 5, nodeId);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(Interop.producerConfig(kafka.broker().bootstrapServers()))) {
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, 4, null,
                    "to a new partition".getBytes(StandardCharsets.UTF_8))).get();
            assertEquals(4, m.partition());
            assertEquals(0, m.offset());
        }
        ExecutionException shrink = assertThrows(ExecutionException.class,
                () -> admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get());
        assertInstanceOf(InvalidPartitionsException.class, shrink.getCause());

        admin.deleteTopics(List.of(topic)).all().get();
        Await.until(Duration.ofSeconds(10), "the deleted topic to leave listTopics",
                () -> !Interop.get(admin.listTopics().names()).contains(topic));
        ExecutionException gone = assertThrows(ExecutionException.class, () -> describe(topic));
        assertInstanceOf(UnknownTopicOrPartitionException.class, gone.getCause());

        // The name is free again, for a new topic with a new id and an empty log.
        CreateTopicsResult again = admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
        again.all().get();
        assertNotEquals(topicId, again.topicId(topic).get());
        assertEquals(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0), 0L),
                Interop.endOffsets(admin, Interop.partitions(topic, 1)));
    }

    @Test
    void createsWithTheBrokerDefaultsWhenNoCountOrFactorIsGiven() throws Exception {
        String topic = "admin-defaults";
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())));
        created.all().get();
        assertEquals(NUM_PARTITIONS, created.numPartitions(topic).get());
        assertEquals(1, created.replicationFactor(topic).get());
        assertLedByThisNode(describe(topic), NUM_PARTITIONS, kafka.broker().config().nodeId());
    }

    @Test
    void deletesATopicById() throws Exception {
        String topic = "admin-by-id";
        Uuid id = admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).topicId(topic).get();
        admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get();
        Await.until(Duration.ofSeconds(10), "the topic deleted by id to leave listTopics",
                () -> !Interop.get(admin.listTopics().names()).contains(topic));
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        String topic = "admin-validate-only";
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)), new CreateTopicsOptions().validateOnly(true))
                .all().get();
        assertFalse(admin.listTopics().names().get().contains(topic));
    }

    @Test
    void replicationFactorThreeFailsBecauseThereIsOneNode() throws Exception {
        String topic = "admin-rf3";
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get());
        InvalidReplicationFactorException cause = assertInstanceOf(InvalidReplicationFactorException.class, e.getCause());
        assertTrue(cause.getMessage().contains("single-node"), () -> "message: " + cause.getMessage());
        assertFalse(admin.listTopics().names().get().contains(topic));
    }

    @Test
    void anExistingTopicCannotBeCreatedAgain() throws Exception {
        String topic = "admin-twice";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get());
        assertInstanceOf(TopicExistsException.class, e.getCause());
    }

    @Test
    void anUnknownOrBadConfigIsRefused() {
        ExecutionException unknown = assertThrows(ExecutionException.class, () -> admin.createTopics(List.of(
                new NewTopic("admin-bad-config", 1, (short) 1).configs(Map.of("no.such.config", "1")))).all().get());
        InvalidConfigurationException cause = assertInstanceOf(InvalidConfigurationException.class, unknown.getCause());
        assertTrue(cause.getMessage().contains("no.such.config"), () -> "message: " + cause.getMessage());

        ExecutionException bad = assertThrows(ExecutionException.class, () -> admin.createTopics(List.of(
                new NewTopic("admin-bad-config", 1, (short) 1).configs(Map.of("retention.ms", "soon")))).all().get());
        assertInstanceOf(InvalidConfigurationException.class, bad.getCause());
    }

    @Test
    void aTopicConfigThatKafka4RemovedIsUnknown() throws Exception {
        // message.downconversion.enable went with message formats v0 and v1 (KIP-724); Kafka 4.3.1 refuses it.
        ExecutionException e = assertThrows(ExecutionException.class, () -> admin.createTopics(List.of(
                new NewTopic("admin-downconversion", 1, (short) 1)
                        .configs(Map.of("message.downconversion.enable", "true")))).all().get());
        assertInstanceOf(InvalidConfigurationException.class, e.getCause());
        admin.createTopics(List.of(new NewTopic("admin-plain", 1, (short) 1))).all().get();
        Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "admin-plain")))
                .all().get().values().iterator().next();
        assertNull(config.get("message.downconversion.enable"), "Kafka 4.x does not describe it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "slash/name", "star*", ".", "..", "ünïcødé",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void anInvalidTopicNameFailsClearly(String name) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get());
        InvalidTopicException cause = assertInstanceOf(InvalidTopicException.class, e.getCause());
        assertNotNull(cause.getMessage());
        assertTrue(cause.getMessage().contains(name.length() > 20 ? name.substring(0, 20) : name),
                () -> "the message names the topic: " + cause.getMessage());
        Set<String> names = admin.listTopics().names().get();
        assertFalse(names.contains(name), () -> "listTopics: " + names);
    }

    private static TopicDescription describe(String topic) throws Exception {
        KafkaFuture<TopicDescription> f = admin.describeTopics(TopicCollection.ofTopicNames(List.of(topic)))
                .topicNameValues().get(topic);
        return f.get();
    }

    private static void assertLedByThisNode(TopicDescription description, int partitions, int nodeId) {
        assertEquals(partitions, description.partitions().size(), () -> "partitions: " + description.partitions());
        for (int p = 0; p < partitions; p++) {
            TopicPartitionInfo info = description.partitions().get(p);
            assertEquals(p, info.partition());
            assertNotNull(info.leader(), () -> "leader of partition " + info.partition());
            assertEquals(nodeId, info.leader().id(), () -> "leader of partition " + info.partition());
            assertEquals(List.of(nodeId), info.replicas().stream().map(Node::id).toList());
            assertEquals(List.of(nodeId), info.isr().stream().map(Node::id).toList());
        }
    }
}
