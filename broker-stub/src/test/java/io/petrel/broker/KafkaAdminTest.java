package io.petrel.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Apache Kafka's Admin client against broker-stub, for what it asks beyond the producer and consumer. */
class KafkaAdminTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b);

    private Admin admin;

    @BeforeEach
    void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers()));
    }

    @AfterEach
    void disconnect() {
        admin.close();
    }

    /** Issue #19: Admin's Metadata request names a topic by id with an empty (not null) name. */
    @Test
    void describeTopicsByIdFindsTheTopic() throws Exception {
        String topic = "described-by-id";
        Uuid id = admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).topicId(topic)
                .get(30, TimeUnit.SECONDS);

        Map<Uuid, TopicDescription> described = admin.describeTopics(TopicCollection.ofTopicIds(List.of(id)))
                .allTopicIds().get(30, TimeUnit.SECONDS);

        TopicDescription d = described.get(id);
        assertEquals(topic, d.name());
        assertEquals(id, d.topicId());
        assertEquals(List.of(0, 1, 2), d.partitions().stream().map(TopicPartitionInfo::partition).toList());
        int nodeId = kafka.broker().config().nodeId();
        for (TopicPartitionInfo p : d.partitions()) {
            assertEquals(nodeId, p.leader().id(), "partition " + p.partition() + " is led by this node");
        }
    }

    @Test
    void describeTopicsByAnUnknownIdFailsWithUnknownTopicId() {
        Uuid unknown = Uuid.randomUuid();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.describeTopics(TopicCollection.ofTopicIds(List.of(unknown))).allTopicIds()
                        .get(30, TimeUnit.SECONDS));
        assertInstanceOf(UnknownTopicIdException.class, e.getCause(), e.getCause().toString());
    }
}
