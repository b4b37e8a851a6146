package io.petrel.interop;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka's Admin client calling DeleteRecords, IncrementalAlterConfigs (with DescribeConfigs), DeleteGroups and
 * OffsetDelete: the same assertions against broker-stub and a real Apache Kafka 4.3.1 (one subclass each), so
 * broker-stub's answers, errors included, are Kafka's.
 */
abstract class AdminApisContract {
    private Admin admin;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    /** The broker under test. */
    abstract String bootstrapServers();

    @BeforeEach
    void connect() {
        admin = Interop.admin(bootstrapServers());
    }

    @AfterEach
    void disconnect() {
        admin.close(Duration.ofSeconds(5));
    }

    private String topic(String name, Map<String, String> configs) throws Exception {
        String topic = name + "-" + suffix;
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
        return topic;
    }

    private void produce(String topic, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Interop.producerConfig(bootstrapServers()))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, bytes("k" + i), bytes("v" + i))).get();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable cause(ExecutionException e) {
        return e.getCause();
    }

    private static <T> Throwable failure(org.apache.kafka.common.KafkaFuture<T> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return cause(e);
    }

    // ---------------------------------------------------------------- DeleteRecords

    @Test
    void deleteRecordsMovesTheLogStartWhichListOffsetsAndFetchHonour() throws Exception {
        String topic = topic("delete-records", Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        produce(topic, 10);

        long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).lowWatermarks().get(tp)
                .get(30, TimeUnit.SECONDS).lowWatermark();

        assertEquals(4, low);
        assertEquals(4, admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)
                .get(30, TimeUnit.SECONDS).offset());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Interop.consumerConfig(bootstrapServers(),
                null))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<Long> offsets = Interop.readToEnd(consumer, Map.of(tp, 10L), Duration.ofSeconds(30)).stream()
                    .map(ConsumerRecord::offset).toList();
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), offsets);
        }
        assertEquals(4, admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(2))).lowWatermarks().get(tp)
                .get(30, TimeUnit.SECONDS).lowWatermark(), "an offset below the start changes nothing");
        assertEquals(10, admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(-1))).lowWatermarks().get(tp)
                .get(30, TimeUnit.SECONDS).lowWatermark(), "-1 deletes up to the high watermark");
    }

    @Test
    void deleteRecordsPastTheHighWatermarkIsOffsetOutOfRange() throws Exception {
        String topic = topic("delete-records-past", Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        produce(topic, 3);
        assertInstanceOf(OffsetOutOfRangeException.class,
                failure(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).lowWatermarks().get(tp)));
    }

    @Test
    void deleteRecordsOfACompactOnlyTopicIsAPolicyViolation() throws Exception {
        String topic = topic("delete-records-compacted", Map.of("cleanup.policy", "compact"));
        TopicPartition tp = new TopicPartition(topic, 0);
        produce(topic, 3);
        assertInstanceOf(PolicyViolationException.class,
                failure(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(1))).lowWatermarks().get(tp)));
    }

    // ---------------------------------------------------------------- IncrementalAlterConfigs

    private ConfigEntry describe(String topic, String key) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(r), new DescribeConfigsOptions().includeSynonyms(true)).all()
                .get(30, TimeUnit.SECONDS).get(r);
        return config.get(key);
    }

    /**
     * The entry once it shows {@code value}: Apache Kafka applies an altered config through its metadata log, so a
     * DescribeConfigs sent right after the alter's answer may still read the previous value (seen on a loaded
     * machine); broker-stub answers the new value at once.
     */
    private ConfigEntry describeOnceApplied(String topic, String key, String value) throws Exception {
        Await.until(Duration.ofSeconds(30), () -> key + " of " + topic + " to read " + value, () -> {
            try {
                return value.equals(describe(topic, key).value());
            } catch (Exception e) {
                throw new AssertionError("DescribeConfigs of " + topic + " failed", e);
            }
        });
        return describe(topic, key);
    }

    private org.apache.kafka.common.KafkaFuture<Void> alter(String topic, AlterConfigOp... ops) {
        return alter(topic, false, ops);
    }

    private org.apache.kafka.common.KafkaFuture<Void> alter(String topic, boolean validateOnly, AlterConfigOp... ops) {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.incrementalAlterConfigs(Map.of(r, List.of(ops)),
                new org.apache.kafka.clients.admin.AlterConfigsOptions().validateOnly(validateOnly)).values().get(r);
    }

    // ---------------------------------------------------------------- dynamic broker configs

    private ConfigEntry brokerEntry(String broker, String key) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, broker);
        return admin.describeConfigs(List.of(r), new DescribeConfigsOptions().includeSynonyms(true)).all()
                .get(30, TimeUnit.SECONDS).get(r).get(key);
    }

    private void alterBroker(String broker, AlterConfigOp... ops) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, broker);
        admin.incrementalAlterConfigs(Map.of(r, List.of(ops))).values().get(r).get(30, TimeUnit.SECONDS);
    }

    private Throwable brokerAlterFailure(String broker, AlterConfigOp... ops) {
        ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, broker);
        return failure(admin.incrementalAlterConfigs(Map.of(r, List.of(ops))).values().get(r));
    }

    /** Waits until {@code check} holds: Kafka applies broker configs through its metadata log, a moment later. */
    private static void eventually(String what, java.util.concurrent.Callable<Boolean> check) {
        Await.until(Duration.ofSeconds(30), what, () -> {
            try {
                return check.call();
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void dynamicBrokerConfigsPerBrokerAndClusterDefaultShowTheirSourcesAndReachTopicsWithoutOverrides() throws Exception {
        String node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
        String topic = topic("broker-defaults", Map.of());
        String overridden = topic("broker-defaults-overridden", Map.of("retention.ms", "3600000"));
        try {
            alterBroker(node, new AlterConfigOp(new ConfigEntry("log.retention.ms", "7200000"), AlterConfigOp.OpType.SET));
            alterBroker("", new AlterConfigOp(new ConfigEntry("log.retention.ms", "10800000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("log.segment.bytes", "20971520"), AlterConfigOp.OpType.SET));
            eventually("the broker configs to apply", () -> "7200000".equals(brokerEntry(node, "log.retention.ms").value())
                    && "20971520".equals(brokerEntry(node, "log.segment.bytes").value()));

            ConfigEntry retention = brokerEntry(node, "log.retention.ms");
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG, retention.source());
            assertEquals(List.of(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG, ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG),
                    retention.synonyms().stream().map(ConfigEntry.ConfigSynonym::source).toList().subList(0, 2));
            assertEquals(List.of("7200000", "10800000"),
                    retention.synonyms().stream().map(ConfigEntry.ConfigSynonym::value).toList().subList(0, 2));
            ConfigEntry segment = brokerEntry(node, "log.segment.bytes");
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, segment.source());
            ConfigEntry clusterDefault = brokerEntry("", "log.segment.bytes");
            assertEquals("20971520", clusterDefault.value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, clusterDefault.source());

            eventually("the topic to take the broker's retention", () -> "7200000".equals(describe(topic, "retention.ms").value()));
            ConfigEntry topicRetention = describe(topic, "retention.ms");
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG, topicRetention.source());
            assertEquals("log.retention.ms", topicRetention.synonyms().get(0).name());
            assertEquals("20971520", describe(topic, "segment.bytes").value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, describe(topic, "segment.bytes").source());
            assertEquals("3600000", describe(overridden, "retention.ms").value(), "a topic override still wins");
        } finally {
            alterBroker(node, new AlterConfigOp(new ConfigEntry("log.retention.ms", ""), AlterConfigOp.OpType.DELETE));
            alterBroker("", new AlterConfigOp(new ConfigEntry("log.retention.ms", ""), AlterConfigOp.OpType.DELETE),
                    new AlterConfigOp(new ConfigEntry("log.segment.bytes", ""), AlterConfigOp.OpType.DELETE));
        }
        eventually("the defaults to come back", () -> "604800000".equals(describe(topic, "retention.ms").value())
                && brokerEntry("", "log.segment.bytes") == null);
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, describe(topic, "retention.ms").source());
    }

    @Test
    void aDynamicMessageMaxBytesChangesWhatProduceAccepts() throws Exception {
        String node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
        String topic = topic("broker-max-bytes", Map.of());
        try {
            alterBroker(node, new AlterConfigOp(new ConfigEntry("message.max.bytes", "2000"), AlterConfigOp.OpType.SET));
            eventually("the topic to take message.max.bytes", () -> "2000".equals(describe(topic, "max.message.bytes").value()));
            Properties config = Interop.producerConfig(bootstrapServers());
            config.put("retries", "0");
            config.put("compression.type", "none");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config,
                    new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                ExecutionException tooLarge = assertThrows(ExecutionException.class, () -> producer.send(
                        new ProducerRecord<>(topic, new byte[5000])).get(30, TimeUnit.SECONDS));
                assertInstanceOf(org.apache.kafka.common.errors.RecordTooLargeException.class, tooLarge.getCause());
                alterBroker(node, new AlterConfigOp(new ConfigEntry("message.max.bytes", ""), AlterConfigOp.OpType.DELETE));
                eventually("message.max.bytes to be back", () -> "1048588".equals(describe(topic, "max.message.bytes").value()));
                producer.send(new ProducerRecord<>(topic, new byte[5000])).get(30, TimeUnit.SECONDS);
            }
        } finally {
            alterBroker(node, new AlterConfigOp(new ConfigEntry("message.max.bytes", ""), AlterConfigOp.OpType.DELETE));
        }
    }

    @Test
    void aStaticBrokerConfigOrABadValueIsAnInvalidRequest() throws Exception {
        String node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
        Throwable fixed = brokerAlterFailure(node, new AlterConfigOp(new ConfigEntry("broker.id", "5"), AlterConfigOp.OpType.SET));
        assertInstanceOf(InvalidRequestException.class, fixed);
        assertTrue(fixed.getMessage().contains("Cannot update these configs dynamically: [broker.id]"), fixed.getMessage());
        Throwable bad = brokerAlterFailure(node, new AlterConfigOp(new ConfigEntry("log.retention.ms", "abc"), AlterConfigOp.OpType.SET));
        assertInstanceOf(InvalidRequestException.class, bad);
        assertTrue(bad.getMessage().startsWith("Invalid value abc for configuration log.retention.ms"), bad.getMessage());
        ConfigEntry retention = brokerEntry(node, "log.retention.ms");
        assertTrue(retention == null || retention.source() != ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG, "nothing was set");
    }

    @Test
    void setAndDeleteChangeWhatDescribeConfigsReportsWithItsSourceAndSynonyms() throws Exception {
        String topic = topic("alter-configs", Map.of());

        alter(topic, new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET))
                .get(30, TimeUnit.SECONDS);

        ConfigEntry retention = describeOnceApplied(topic, "retention.ms", "3600000");
        assertEquals("3600000", retention.value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.synonyms().get(0).source());
        assertEquals("3600000", retention.synonyms().get(0).value());

        alter(topic, new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE))
                .get(30, TimeUnit.SECONDS);
        ConfigEntry back = describeOnceApplied(topic, "retention.ms", "604800000");
        assertEquals("604800000", back.value());
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, back.source());
    }

    @Test
    void appendAndSubtractEditAListConfig() throws Exception {
        String topic = topic("alter-list", Map.of());
        alter(topic, new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND))
                .get(30, TimeUnit.SECONDS);
        assertEquals("delete,compact", describeOnceApplied(topic, "cleanup.policy", "delete,compact").value());
        alter(topic, new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT))
                .get(30, TimeUnit.SECONDS);
        assertEquals("compact", describeOnceApplied(topic, "cleanup.policy", "compact").value());
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        String topic = topic("alter-validate", Map.of());
        alter(topic, true, new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))
                .get(30, TimeUnit.SECONDS);
        assertEquals("604800000", describe(topic, "retention.ms").value());
    }

    @Test
    void badValuesUnknownKeysAndAppendToAScalarAreInvalidConfig() throws Exception {
        String topic = topic("alter-invalid", Map.of());
        assertInstanceOf(InvalidConfigurationException.class, failure(alter(topic,
                new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET))));
        assertInstanceOf(InvalidConfigurationException.class, failure(alter(topic,
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "shred"), AlterConfigOp.OpType.SET))));
        assertInstanceOf(InvalidConfigurationException.class, failure(alter(topic,
                new AlterConfigOp(new ConfigEntry("no.such.config", "1"), AlterConfigOp.OpType.SET))));
        assertInstanceOf(InvalidConfigurationException.class, failure(alter(topic,
                new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.APPEND))));
        assertEquals("604800000", describe(topic, "retention.ms").value(), "nothing changed");
    }

    @Test
    void theSameKeyTwiceIsAnInvalidRequest() throws Exception {
        String topic = topic("alter-twice", Map.of());
        assertInstanceOf(InvalidRequestException.class, failure(alter(topic,
                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("retention.ms", "2000"), AlterConfigOp.OpType.SET))));
    }

    @Test
    void alteringAnUnknownTopicFails() {
        assertInstanceOf(UnknownTopicOrPartitionException.class, failure(alter("no-such-topic-" + suffix,
                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))));
    }

    // ---------------------------------------------------------------- DeleteGroups and OffsetDelete

    private String groupWithOffsets(String topic) throws Exception {
        String group = "group-" + suffix;
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)))
                .all().get(30, TimeUnit.SECONDS);
        return group;
    }

    @Test
    void anEmptyGroupIsDeletedWithItsOffsets() throws Exception {
        String topic = topic("groups", Map.of());
        produce(topic, 3);
        String group = groupWithOffsets(topic);

        admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);

        assertTrue(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .isEmpty());
        assertInstanceOf(GroupIdNotFoundException.class,
                failure(admin.deleteConsumerGroups(List.of(group)).all()), "deleted, so unknown");
    }

    @Test
    void aGroupWithAMemberIsNotDeletedAndItsSubscribedOffsetsStay() throws Exception {
        String topic = topic("groups-live", Map.of());
        String other = topic("groups-other", Map.of());
        produce(topic, 3);
        String group = "live-" + suffix;
        var config = Interop.consumerConfig(bootstrapServers(), group);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            Interop.read(consumer, 3, Duration.ofSeconds(30));
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)));
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(other, 0), new OffsetAndMetadata(0)));

            assertInstanceOf(GroupNotEmptyException.class, failure(admin.deleteConsumerGroups(List.of(group)).all()));
            assertInstanceOf(GroupSubscribedToTopicException.class, failure(admin.deleteConsumerGroupOffsets(group,
                    Set.of(new TopicPartition(topic, 0))).partitionResult(new TopicPartition(topic, 0))));
        }
        assertEquals(3, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, 0)).offset());
    }

    @Test
    void offsetDeleteRemovesOnePartitionsOffsetOfAnEmptyGroup() throws Exception {
        String topic = topic("offset-delete", Map.of());
        String group = groupWithOffsets(topic);
        TopicPartition tp = new TopicPartition(topic, 0);

        admin.deleteConsumerGroupOffsets(group, Set.of(tp)).all().get(30, TimeUnit.SECONDS);

        assertEquals(null, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).get(tp));
    }

    @Test
    void unknownGroupsAreNotFound() {
        String group = "never-" + suffix;
        assertInstanceOf(GroupIdNotFoundException.class, failure(admin.deleteConsumerGroups(List.of(group)).all()));
        assertInstanceOf(GroupIdNotFoundException.class, failure(admin.deleteConsumerGroupOffsets(group,
                Set.of(new TopicPartition("t", 0))).all()));
    }
}
