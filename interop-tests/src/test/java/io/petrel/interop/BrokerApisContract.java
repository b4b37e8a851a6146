package io.petrel.interop;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
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
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
