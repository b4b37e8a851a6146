package io.petrel.interop;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka's Admin client calling the broker APIs of issue #19 (DescribeTopicPartitions, OffsetForLeaderEpoch,
 * DescribeLogDirs, ...): the same assertions against broker-stub and a real Apache Kafka 4.3.1 (one subclass
 * each), errors included, so broker-stub's answers are Kafka's.
 */
abstract class BrokerApisContract {
    Admin admin;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);

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

    static <T> T get(KafkaFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    static Throwable failure(KafkaFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS)).getCause();
    }

    /** Creates the topics (name, partitions) with this run's suffix; their ids as Kafka assigned them. */
    Map<String, Uuid> topics(Map<String, Integer> partitions) throws Exception {
        List<NewTopic> newTopics = new ArrayList<>();
        partitions.forEach((name, count) -> newTopics.add(new NewTopic(name + "-" + suffix, count, (short) 1)));
        CreateTopicsResult created = admin.createTopics(newTopics);
        get(created.all());
        Map<String, Uuid> ids = new java.util.TreeMap<>();
        for (NewTopic t : newTopics) {
            ids.put(t.name(), get(created.topicId(t.name())));
        }
        // Apache Kafka answers CreateTopics before its broker's metadata cache holds the topics; wait as a user would.
        Await.until(Duration.ofSeconds(30), "topics " + ids.keySet() + " to be known by id", () -> {
            try {
                admin.describeTopics(TopicCollection.ofTopicIds(ids.values())).allTopicIds().get(30, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException e) {
                return false;
            } catch (Exception e) {
                throw new AssertionError("describeTopics by id failed", e);
            }
        });
        return ids;
    }

    Node theNode() throws Exception {
        Collection<Node> nodes = get(admin.describeCluster().nodes());
        assertEquals(1, nodes.size(), "a single-node cluster");
        return nodes.iterator().next();
    }

    // ---------------------------------------------------------------- DescribeTopicPartitions

    @Test
    void describeTopicsPagesThroughEveryPartitionWithTopicIds() throws Exception {
        Map<String, Uuid> ids = topics(Map.of("paged-five", 5, "paged-one", 1));
        Node node = theNode();

        Map<String, TopicDescription> described = get(admin.describeTopics(ids.keySet(),
                new DescribeTopicsOptions().partitionSizeLimitPerResponse(2)).allTopicNames());

        assertEquals(ids.keySet(), described.keySet());
        for (Map.Entry<String, Uuid> topic : ids.entrySet()) {
            TopicDescription d = described.get(topic.getKey());
            assertEquals(topic.getValue(), d.topicId(), topic.getKey());
            assertEquals(false, d.isInternal());
            List<Integer> partitions = d.partitions().stream().map(TopicPartitionInfo::partition).toList();
            int expected = topic.getKey().startsWith("paged-five") ? 5 : 1;
            assertEquals(java.util.stream.IntStream.range(0, expected).boxed().toList(), partitions, topic.getKey());
            for (TopicPartitionInfo p : d.partitions()) {
                assertEquals(node.id(), p.leader().id());
                assertEquals(List.of(node.id()), p.replicas().stream().map(Node::id).toList());
                assertEquals(List.of(node.id()), p.isr().stream().map(Node::id).toList());
            }
        }
    }

    @Test
    void describeTopicsByIdFindsTheSameTopics() throws Exception {
        Map<String, Uuid> ids = topics(Map.of("by-id", 3));
        Map<Uuid, TopicDescription> byId = get(admin.describeTopics(TopicCollection.ofTopicIds(ids.values()))
                .allTopicIds());
        Uuid id = ids.values().iterator().next();
        assertEquals(ids.keySet().iterator().next(), byId.get(id).name());
        assertEquals(3, byId.get(id).partitions().size());
    }

    @Test
    void describeTopicsOfAnUnknownNameOrIdFails() throws Exception {
        assertInstanceOf(UnknownTopicOrPartitionException.class, failure(admin.describeTopics(
                List.of("no-such-topic-" + suffix)).allTopicNames()));
        assertInstanceOf(UnknownTopicIdException.class, failure(admin.describeTopics(
                TopicCollection.ofTopicIds(List.of(Uuid.randomUuid()))).allTopicIds()));
    }

    // ---------------------------------------------------------------- OffsetForLeaderEpoch

    /**
     * A seek that carries a leader epoch makes kafka-clients' consumer validate it with OffsetForLeaderEpoch: a
     * position inside the epoch is kept, one past where the epoch ends is a truncation (auto.offset.reset=none).
     */
    @Test
    void aSeekWithALeaderEpochIsValidatedAgainstWhereTheEpochEnds() throws Exception {
        String topic = topics(Map.of("epoch-seek", 1)).keySet().iterator().next();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Interop.producerConfig(bootstrapServers()))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {(byte) i})).get();
            }
        }
        Properties config = Interop.consumerConfig(bootstrapServers(), null);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            List<ConsumerRecord<byte[], byte[]>> all = Interop.read(consumer, 3, Duration.ofSeconds(30));
            int epoch = all.get(2).leaderEpoch().orElseThrow();

            consumer.seek(tp, new OffsetAndMetadata(1, Optional.of(epoch), ""));
            assertEquals(List.of(1L, 2L), Interop.read(consumer, 2, Duration.ofSeconds(30)).stream()
                    .map(ConsumerRecord::offset).toList());

            consumer.seek(tp, new OffsetAndMetadata(10, Optional.of(epoch), ""));
            LogTruncationException truncated = assertThrows(LogTruncationException.class, () -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            });
            assertEquals(new OffsetAndMetadata(3, Optional.of(epoch), ""), truncated.divergentOffsets().get(tp));
        }
    }

    // ---------------------------------------------------------------- DescribeLogDirs

    private void produce(String topic, int partition, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Interop.producerConfig(bootstrapServers()))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, null, new byte[100])).get();
            }
        }
    }

    /** The one log directory holding {@code tp}, as Admin.describeLogDirs reports it. */
    private LogDirDescription logDirOf(TopicPartition tp) throws Exception {
        int node = theNode().id();
        Map<Integer, Map<String, LogDirDescription>> all = get(admin.describeLogDirs(List.of(node)).allDescriptions());
        assertEquals(java.util.Set.of(node), all.keySet());
        List<LogDirDescription> holding = all.get(node).values().stream()
                .filter(d -> d.replicaInfos().containsKey(tp)).toList();
        assertEquals(1, holding.size(), tp + " is in exactly one log directory: " + all);
        return holding.get(0);
    }

    @Test
    void describeLogDirsReportsEachPartitionsSizeNoLagAndTheDirectorysSpace() throws Exception {
        String topic = topics(Map.of("log-dirs", 2)).keySet().iterator().next();
        produce(topic, 0, 10);
        TopicPartition written = new TopicPartition(topic, 0);
        TopicPartition empty = new TopicPartition(topic, 1);

        LogDirDescription dir = logDirOf(written);

        assertEquals(null, dir.error());
        ReplicaInfo replica = dir.replicaInfos().get(written);
        assertTrue(replica.size() > 10 * 100, "10 records of 100 bytes take more than 1000 bytes: " + replica);
        assertEquals(0, replica.offsetLag());
        assertEquals(false, replica.isFuture());
        assertEquals(0, dir.replicaInfos().get(empty).size());
        long total = dir.totalBytes().orElseThrow();
        long usable = dir.usableBytes().orElseThrow();
        assertTrue(total > 0 && usable >= 0 && usable <= total, total + " total, " + usable + " usable");
    }

    @Test
    void kafkaLogDirsToolPrintsThePartitionSizesAdminSees() throws Exception {
        String topic = topics(Map.of("log-dirs-tool", 1)).keySet().iterator().next();
        produce(topic, 0, 5);
        TopicPartition tp = new TopicPartition(topic, 0);
        long size = logDirOf(tp).replicaInfos().get(tp).size();

        KafkaTools.Run run = KafkaTools.run(org.apache.kafka.tools.LogDirsCommand::main, null,
                "--bootstrap-server", bootstrapServers(), "--describe", "--topic-list", topic);

        assertEquals(0, run.exitCode(), run.transcript());
        String json = run.outLines().stream().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow(() -> new AssertionError("no JSON in " + run.transcript()));
        assertTrue(json.contains("{\"partition\":\"" + topic + "-0\",\"size\":" + size + ",\"offsetLag\":0,\"isFuture\":false}"),
                run.transcript());
    }

    // ---------------------------------------------------------------- ElectLeaders, partition reassignments

    @Test
    void electLeadersOnASingleNodeIsNeverNeededAndUnknownPartitionsAreErrors() throws Exception {
        String topic = topics(Map.of("elect", 2)).keySet().iterator().next();
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        TopicPartition absent = new TopicPartition(topic, 5);
        TopicPartition unknown = new TopicPartition("no-such-topic-" + suffix, 0);

        for (ElectionType type : ElectionType.values()) {
            Map<TopicPartition, Optional<Throwable>> results = get(admin.electLeaders(type,
                    java.util.Set.of(p0, p1, absent, unknown)).partitions());
            assertInstanceOf(ElectionNotNeededException.class, results.get(p0).orElseThrow(), type.name());
            assertInstanceOf(ElectionNotNeededException.class, results.get(p1).orElseThrow(), type.name());
            assertInstanceOf(UnknownTopicOrPartitionException.class, results.get(absent).orElseThrow(), type.name());
            assertInstanceOf(UnknownTopicOrPartitionException.class, results.get(unknown).orElseThrow(), type.name());
        }
        assertEquals(Map.of(), get(admin.electLeaders(ElectionType.PREFERRED, null).partitions()),
                "an election of all partitions lists those it changed: none");
    }

    @Test
    void reassigningAPartitionToThisNodeSucceedsAndElsewhereIsAnInvalidAssignment() throws Exception {
        String topic = topics(Map.of("reassign", 1)).keySet().iterator().next();
        TopicPartition tp = new TopicPartition(topic, 0);
        int node = theNode().id();

        get(admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(node)))))
                .all());

        assertInstanceOf(InvalidReplicaAssignmentException.class, failure(admin.alterPartitionReassignments(
                Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(node, node + 100))))).all()));
        assertInstanceOf(InvalidReplicaAssignmentException.class, failure(admin.alterPartitionReassignments(
                Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(node, node))))).all()));
        assertInstanceOf(NoReassignmentInProgressException.class, failure(admin.alterPartitionReassignments(
                Map.of(tp, Optional.empty())).all()));
        assertInstanceOf(UnknownTopicOrPartitionException.class, failure(admin.alterPartitionReassignments(
                Map.of(new TopicPartition(topic, 3), Optional.of(new NewPartitionReassignment(List.of(node))))).all()));
        assertInstanceOf(UnknownTopicOrPartitionException.class, failure(admin.alterPartitionReassignments(
                Map.of(new TopicPartition("no-such-topic-" + suffix, 0),
                        Optional.of(new NewPartitionReassignment(List.of(node))))).all()));
    }

    @Test
    void noReassignmentIsEverListed() throws Exception {
        String topic = topics(Map.of("list-reassign", 1)).keySet().iterator().next();
        assertEquals(Map.of(), get(admin.listPartitionReassignments().reassignments()));
        assertEquals(Map.of(), get(admin.listPartitionReassignments(java.util.Set.of(new TopicPartition(topic, 0),
                new TopicPartition("no-such-topic-" + suffix, 0))).reassignments()));
    }

    // ---------------------------------------------------------------- DescribeQuorum

    @Test
    void theMetadataQuorumIsThisNodeAloneAsLeaderAndVoter() throws Exception {
        int node = theNode().id();
        QuorumInfo quorum = get(admin.describeMetadataQuorum().quorumInfo());

        assertEquals(node, quorum.leaderId());
        assertTrue(quorum.leaderEpoch() >= 0, "leader epoch " + quorum.leaderEpoch());
        assertEquals(List.of(node), quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId).toList());
        assertEquals(List.of(), quorum.observers());
        assertTrue(quorum.voters().get(0).lastCaughtUpTimestamp().isPresent(), "the leader is caught up: " + quorum);
    }

    @Test
    void kafkaMetadataQuorumToolShowsThisNodeAsLeader() throws Exception {
        int node = theNode().id();
        KafkaTools.Run run = KafkaTools.run(org.apache.kafka.tools.MetadataQuorumCommand::main, null,
                "--bootstrap-server", bootstrapServers(), "describe", "--status");

        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches("LeaderId:\\s+" + node)), run.transcript());
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches("CurrentObservers:\\s+\\[\\]")), run.transcript());
    }
}
