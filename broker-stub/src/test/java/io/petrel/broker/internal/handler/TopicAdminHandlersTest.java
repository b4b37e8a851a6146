package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.topic.Topic;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.CreatePartitionsRequest;
import io.petrel.protocol.schemas.CreatePartitionsRequest.CreatePartitionsAssignment;
import io.petrel.protocol.schemas.CreatePartitionsRequest.CreatePartitionsTopic;
import io.petrel.protocol.schemas.CreatePartitionsResponse;
import io.petrel.protocol.schemas.CreatePartitionsResponse.CreatePartitionsTopicResult;
import io.petrel.protocol.schemas.CreateTopicsRequest;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableReplicaAssignment;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableTopic;
import io.petrel.protocol.schemas.CreateTopicsResponse;
import io.petrel.protocol.schemas.CreateTopicsResponse.CreatableTopicConfigs;
import io.petrel.protocol.schemas.CreateTopicsResponse.CreatableTopicResult;
import io.petrel.protocol.schemas.DeleteTopicsRequest;
import io.petrel.protocol.schemas.DeleteTopicsRequest.DeleteTopicState;
import io.petrel.protocol.schemas.DeleteTopicsResponse;
import io.petrel.protocol.schemas.DeleteTopicsResponse.DeletableTopicResult;
import io.petrel.protocol.schemas.DescribeClusterRequest;
import io.petrel.protocol.schemas.DescribeClusterResponse;
import io.petrel.protocol.schemas.DescribeClusterResponse.DescribeClusterBroker;
import io.petrel.protocol.schemas.DescribeConfigsRequest;
import io.petrel.protocol.schemas.DescribeConfigsRequest.DescribeConfigsResource;
import io.petrel.protocol.schemas.DescribeConfigsResponse;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsResourceResult;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsResult;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsSynonym;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataRequest.MetadataRequestTopic;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseBroker;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponsePartition;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicAdminHandlersTest {
    @TempDir
    Path dir;
    private HandlerFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new HandlerFixture(dir, b -> b.numPartitions(2));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private Message createResult(short version, Message request) {
        Message response = fx.call(ApiKey.CREATE_TOPICS, version, request);
        HandlerFixture.parseWithKafka(ApiKey.CREATE_TOPICS, response, version);
        return response.get(CreateTopicsResponse.TOPICS).get(0);
    }

    private static String configValue(Message result, String name) {
        for (Message c : result.get(CreatableTopicResult.CONFIGS)) {
            if (c.get(CreatableTopicConfigs.NAME).equals(name)) {
                return c.get(CreatableTopicConfigs.VALUE) + "@" + c.get(CreatableTopicConfigs.CONFIG_SOURCE);
            }
        }
        throw new AssertionError("no config " + name);
    }

    @Test
    void createTopicsEchoesIdPartitionsAndConfigs() {
        Message result = createResult((short) 7, Requests.createTopic("orders", -1, (short) -1,
                Map.of("retention.ms", "60000")));
        assertEquals(ErrorCode.NONE.code(), result.get(CreatableTopicResult.ERROR_CODE));
        Topic orders = fx.topics.topic("orders").orElseThrow();
        assertEquals(2, orders.partitions(), "-1 partitions means num.partitions");
        assertEquals(orders.id(), result.get(CreatableTopicResult.TOPIC_ID));
        assertEquals(2, result.get(CreatableTopicResult.NUM_PARTITIONS));
        assertEquals((short) 1, result.get(CreatableTopicResult.REPLICATION_FACTOR));
        assertEquals("60000@1", configValue(result, "retention.ms"));
        assertEquals("delete@5", configValue(result, "cleanup.policy"));
    }

    @Test
    void replicationFactorAboveOneIsRefusedAsSingleNode() {
        Message result = createResult((short) 5, Requests.createTopic("replicated", 3, (short) 3, Map.of()));
        assertEquals(ErrorCode.INVALID_REPLICATION_FACTOR.code(), result.get(CreatableTopicResult.ERROR_CODE));
        String message = result.get(CreatableTopicResult.ERROR_MESSAGE);
        assertTrue(message.contains("Replication factor 3"), message);
        assertTrue(message.contains("single-node broker with 1 broker"), message);
        assertTrue(fx.topics.topic("replicated").isEmpty());
        assertNull(result.get(CreatableTopicResult.CONFIGS));
        assertEquals(ErrorCode.NONE.code(), createResult((short) 5,
                Requests.createTopic("single", 1, (short) 1, Map.of())).get(CreatableTopicResult.ERROR_CODE));
    }

    @Test
    void createTopicsReportsNameCountConfigAndDuplicateErrors() {
        Message badName = createResult((short) 4, Requests.createTopic("bad name!", 1, (short) 1, Map.of()));
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION.code(), badName.get(CreatableTopicResult.ERROR_CODE));
        assertTrue(badName.get(CreatableTopicResult.ERROR_MESSAGE).contains("' ' at position 3"));

        Message badCount = createResult((short) 4, Requests.createTopic("t", 0, (short) 1, Map.of()));
        assertEquals(ErrorCode.INVALID_PARTITIONS.code(), badCount.get(CreatableTopicResult.ERROR_CODE));

        Message badConfig = createResult((short) 4, Requests.createTopic("t", 1, (short) 1, Map.of("nope", "1")));
        assertEquals(ErrorCode.INVALID_CONFIG.code(), badConfig.get(CreatableTopicResult.ERROR_CODE));

        createResult((short) 4, Requests.createTopic("t", 1, (short) 1, Map.of()));
        Message exists = createResult((short) 4, Requests.createTopic("t", 1, (short) 1, Map.of()));
        assertEquals(ErrorCode.TOPIC_ALREADY_EXISTS.code(), exists.get(CreatableTopicResult.ERROR_CODE));

        Message twice = Requests.createTopic("dup", 1, (short) 1, Map.of());
        twice.get(CreateTopicsRequest.TOPICS).add(twice.get(CreateTopicsRequest.TOPICS).get(0));
        Message response = fx.call(ApiKey.CREATE_TOPICS, (short) 7, twice);
        assertEquals(1, response.get(CreateTopicsResponse.TOPICS).size());
        assertEquals(ErrorCode.INVALID_REQUEST.code(),
                response.get(CreateTopicsResponse.TOPICS).get(0).get(CreatableTopicResult.ERROR_CODE));
        assertTrue(fx.topics.topic("dup").isEmpty());
    }

    @Test
    void validateOnlyCreatesNothing() {
        Message request = Requests.createTopic("dry", 4, (short) -1, Map.of()).set(CreateTopicsRequest.VALIDATE_ONLY, true);
        Message result = createResult((short) 7, request);
        assertEquals(ErrorCode.NONE.code(), result.get(CreatableTopicResult.ERROR_CODE));
        assertEquals(4, result.get(CreatableTopicResult.NUM_PARTITIONS));
        assertTrue(fx.topics.topic("dry").isEmpty());
    }

    @Test
    void manualAssignmentsOnlyOntoThisNode() {
        Message request = Requests.createTopic("assigned", -1, (short) -1, Map.of());
        Message topic = request.get(CreateTopicsRequest.TOPICS).get(0);
        List<Message> assignments = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            assignments.add(Message.of(CreatableReplicaAssignment.SCHEMA)
                    .set(CreatableReplicaAssignment.PARTITION_INDEX, p)
                    .set(CreatableReplicaAssignment.BROKER_IDS, new ArrayList<>(List.of(HandlerFixture.NODE_ID))));
        }
        topic.set(CreatableTopic.ASSIGNMENTS, assignments);
        assertEquals(ErrorCode.NONE.code(), createResult((short) 6, request).get(CreatableTopicResult.ERROR_CODE));
        assertEquals(3, fx.topics.topic("assigned").orElseThrow().partitions());

        topic.set(CreatableTopic.NAME, "elsewhere");
        assignments.get(1).set(CreatableReplicaAssignment.BROKER_IDS, new ArrayList<>(List.of(1, 2)));
        Message refused = createResult((short) 6, request);
        assertEquals(ErrorCode.INVALID_REPLICA_ASSIGNMENT.code(), refused.get(CreatableTopicResult.ERROR_CODE));
        assertTrue(refused.get(CreatableTopicResult.ERROR_MESSAGE).contains("single-node"));
    }

    @Test
    void deleteTopicsByNameAndByIdCallsTheListener() throws Exception {
        fx.topics.create("a", 1, Map.of());
        Topic b = fx.topics.create("b", 1, Map.of());
        Message byName = DeleteTopicsRequest.SCHEMA.newMessage()
                .set(DeleteTopicsRequest.TOPIC_NAMES, new ArrayList<>(List.of("a", "missing")))
                .set(DeleteTopicsRequest.TIMEOUT_MS, 1000);
        Message response = fx.call(ApiKey.DELETE_TOPICS, (short) 5, byName);
        HandlerFixture.parseWithKafka(ApiKey.DELETE_TOPICS, response, (short) 5);
        List<Message> results = response.get(DeleteTopicsResponse.RESPONSES);
        assertEquals(ErrorCode.NONE.code(), results.get(0).get(DeletableTopicResult.ERROR_CODE));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), results.get(1).get(DeletableTopicResult.ERROR_CODE));
        assertEquals(List.of("a"), fx.deletedTopics);

        Message byId = DeleteTopicsRequest.SCHEMA.newMessage()
                .set(DeleteTopicsRequest.TOPICS, new ArrayList<>(List.of(
                        Message.of(DeleteTopicState.SCHEMA).set(DeleteTopicState.TOPIC_ID, b.id()),
                        Message.of(DeleteTopicState.SCHEMA).set(DeleteTopicState.TOPIC_ID, UUID.randomUUID()))))
                .set(DeleteTopicsRequest.TIMEOUT_MS, 1000);
        Message idResponse = fx.call(ApiKey.DELETE_TOPICS, (short) 6, byId);
        HandlerFixture.parseWithKafka(ApiKey.DELETE_TOPICS, idResponse, (short) 6);
        List<Message> idResults = idResponse.get(DeleteTopicsResponse.RESPONSES);
        assertEquals("b", idResults.get(0).get(DeletableTopicResult.NAME));
        assertEquals(ErrorCode.NONE.code(), idResults.get(0).get(DeletableTopicResult.ERROR_CODE));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID.code(), idResults.get(1).get(DeletableTopicResult.ERROR_CODE));
        assertNull(idResults.get(1).get(DeletableTopicResult.NAME));
        assertEquals(List.of("a", "b"), fx.deletedTopics);
        assertTrue(fx.topics.topics().isEmpty());
    }

    @Test
    void createPartitionsGrowsAndRefusesShrinking() throws Exception {
        fx.topics.create("grow", 2, Map.of());
        Message response = fx.call(ApiKey.CREATE_PARTITIONS, (short) 3, createPartitions("grow", 4, null));
        HandlerFixture.parseWithKafka(ApiKey.CREATE_PARTITIONS, response, (short) 3);
        Message result = response.get(CreatePartitionsResponse.RESULTS).get(0);
        assertEquals(ErrorCode.NONE.code(), result.get(CreatePartitionsTopicResult.ERROR_CODE));
        assertNull(result.get(CreatePartitionsTopicResult.ERROR_MESSAGE));
        assertEquals(4, fx.topics.topic("grow").orElseThrow().partitions());

        Message shrink = fx.call(ApiKey.CREATE_PARTITIONS, (short) 1, createPartitions("grow", 3, null))
                .get(CreatePartitionsResponse.RESULTS).get(0);
        assertEquals(ErrorCode.INVALID_PARTITIONS.code(), shrink.get(CreatePartitionsTopicResult.ERROR_CODE));
        Message unknown = fx.call(ApiKey.CREATE_PARTITIONS, (short) 1, createPartitions("nope", 3, null))
                .get(CreatePartitionsResponse.RESULTS).get(0);
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), unknown.get(CreatePartitionsTopicResult.ERROR_CODE));

        Message badAssignment = fx.call(ApiKey.CREATE_PARTITIONS, (short) 2, createPartitions("grow", 5, List.of(2)))
                .get(CreatePartitionsResponse.RESULTS).get(0);
        assertEquals(ErrorCode.INVALID_REPLICA_ASSIGNMENT.code(),
                badAssignment.get(CreatePartitionsTopicResult.ERROR_CODE));
        Message dry = createPartitions("grow", 6, List.of(HandlerFixture.NODE_ID, HandlerFixture.NODE_ID))
                .set(CreatePartitionsRequest.VALIDATE_ONLY, true);
        assertEquals(ErrorCode.NONE.code(), fx.call(ApiKey.CREATE_PARTITIONS, (short) 2, dry)
                .get(CreatePartitionsResponse.RESULTS).get(0).get(CreatePartitionsTopicResult.ERROR_CODE));
        assertEquals(4, fx.topics.topic("grow").orElseThrow().partitions());
    }

    private static Message createPartitions(String name, int count, List<Integer> assignedBrokers) {
        List<Message> assignments = null;
        if (assignedBrokers != null) {
            assignments = new ArrayList<>();
            for (int broker : assignedBrokers) {
                assignments.add(Message.of(CreatePartitionsAssignment.SCHEMA)
                        .set(CreatePartitionsAssignment.BROKER_IDS, new ArrayList<>(List.of(broker))));
            }
        }
        Message topic = Message.of(CreatePartitionsTopic.SCHEMA)
                .set(CreatePartitionsTopic.NAME, name)
                .set(CreatePartitionsTopic.COUNT, count)
                .set(CreatePartitionsTopic.ASSIGNMENTS, assignments);
        return CreatePartitionsRequest.SCHEMA.newMessage()
                .set(CreatePartitionsRequest.TOPICS, new ArrayList<>(List.of(topic)))
                .set(CreatePartitionsRequest.TIMEOUT_MS, 1000);
    }

    @Test
    void metadataDescribesTheNodeAndTopics() throws Exception {
        Topic t = fx.topics.create("described", 2, Map.of());
        Message response = fx.call(ApiKey.METADATA, (short) 12, Requests.metadata(null, true));
        HandlerFixture.parseWithKafka(ApiKey.METADATA, response, (short) 12);
        Message broker = response.get(MetadataResponse.BROKERS).get(0);
        assertEquals(HandlerFixture.NODE_ID, broker.get(MetadataResponseBroker.NODE_ID));
        assertEquals("localhost", broker.get(MetadataResponseBroker.HOST));
        assertEquals(9092, broker.get(MetadataResponseBroker.PORT));
        assertEquals(HandlerFixture.CLUSTER_ID, response.get(MetadataResponse.CLUSTER_ID));
        assertEquals(HandlerFixture.NODE_ID, response.get(MetadataResponse.CONTROLLER_ID));
        Message topic = response.get(MetadataResponse.TOPICS).get(0);
        assertEquals("described", topic.get(MetadataResponseTopic.NAME));
        assertEquals(t.id(), topic.get(MetadataResponseTopic.TOPIC_ID));
        List<Message> partitions = topic.get(MetadataResponseTopic.PARTITIONS);
        assertEquals(2, partitions.size());
        Message p1 = partitions.get(1);
        assertEquals(1, p1.get(MetadataResponsePartition.PARTITION_INDEX));
        assertEquals(HandlerFixture.NODE_ID, p1.get(MetadataResponsePartition.LEADER_ID));
        assertEquals(0, p1.get(MetadataResponsePartition.LEADER_EPOCH));
        assertEquals(List.of(HandlerFixture.NODE_ID), p1.get(MetadataResponsePartition.REPLICA_NODES));
        assertEquals(List.of(HandlerFixture.NODE_ID), p1.get(MetadataResponsePartition.ISR_NODES));

        Message v0 = MetadataRequest.SCHEMA.newMessage().set(MetadataRequest.TOPICS, new ArrayList<>());
        assertEquals(1, fx.call(ApiKey.METADATA, (short) 0, v0).get(MetadataResponse.TOPICS).size(),
                "an empty list asks for every topic in v0");
        Message none = MetadataRequest.SCHEMA.newMessage().set(MetadataRequest.TOPICS, new ArrayList<>());
        assertEquals(0, fx.call(ApiKey.METADATA, (short) 1, none).get(MetadataResponse.TOPICS).size(),
                "and for none from v1");
    }

    @Test
    void metadataAutoCreatesOnlyWhenAllowed() {
        Message notAllowed = fx.call(ApiKey.METADATA, (short) 9, Requests.metadata(List.of("lazy"), false));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(),
                notAllowed.get(MetadataResponse.TOPICS).get(0).get(MetadataResponseTopic.ERROR_CODE));
        assertTrue(fx.topics.topic("lazy").isEmpty());

        Message allowed = fx.call(ApiKey.METADATA, (short) 9, Requests.metadata(List.of("lazy"), true));
        Message topic = allowed.get(MetadataResponse.TOPICS).get(0);
        assertEquals(ErrorCode.NONE.code(), topic.get(MetadataResponseTopic.ERROR_CODE));
        assertEquals(2, topic.get(MetadataResponseTopic.PARTITIONS).size(), "num.partitions");

        Message invalid = fx.call(ApiKey.METADATA, (short) 9, Requests.metadata(List.of("no way"), true));
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION.code(),
                invalid.get(MetadataResponse.TOPICS).get(0).get(MetadataResponseTopic.ERROR_CODE));
    }

    @Test
    void metadataAutoCreationFollowsTheBrokerSetting() throws Exception {
        fx.close();
        fx = new HandlerFixture(dir, b -> b.autoCreateTopics(false));
        Message response = fx.call(ApiKey.METADATA, (short) 12, Requests.metadata(List.of("lazy"), true));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(),
                response.get(MetadataResponse.TOPICS).get(0).get(MetadataResponseTopic.ERROR_CODE));
    }

    @Test
    void metadataByTopicId() throws Exception {
        Topic t = fx.topics.create("by-id", 1, Map.of());
        UUID unknown = UUID.randomUUID();
        Message request = MetadataRequest.SCHEMA.newMessage().set(MetadataRequest.TOPICS, new ArrayList<>(List.of(
                Message.of(MetadataRequestTopic.SCHEMA).set(MetadataRequestTopic.NAME, null)
                        .set(MetadataRequestTopic.TOPIC_ID, t.id()),
                Message.of(MetadataRequestTopic.SCHEMA).set(MetadataRequestTopic.NAME, null)
                        .set(MetadataRequestTopic.TOPIC_ID, unknown),
                // As kafka-clients' Admin asks (issue #19): the id beside an empty, not null, name.
                Message.of(MetadataRequestTopic.SCHEMA).set(MetadataRequestTopic.NAME, "")
                        .set(MetadataRequestTopic.TOPIC_ID, t.id()))));
        Message response = fx.call(ApiKey.METADATA, (short) 12, request);
        HandlerFixture.parseWithKafka(ApiKey.METADATA, response, (short) 12);
        List<Message> topics = response.get(MetadataResponse.TOPICS);
        assertEquals("by-id", topics.get(0).get(MetadataResponseTopic.NAME));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID.code(), topics.get(1).get(MetadataResponseTopic.ERROR_CODE));
        assertEquals(unknown, topics.get(1).get(MetadataResponseTopic.TOPIC_ID));
        assertNull(topics.get(1).get(MetadataResponseTopic.NAME));
        assertEquals(ErrorCode.NONE.code(), topics.get(2).get(MetadataResponseTopic.ERROR_CODE));
        assertEquals("by-id", topics.get(2).get(MetadataResponseTopic.NAME));
        assertEquals(t.id(), topics.get(2).get(MetadataResponseTopic.TOPIC_ID));
    }

    @Test
    void describeClusterNamesThisNode() {
        Message request = DescribeClusterRequest.SCHEMA.newMessage()
                .set(DescribeClusterRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, true);
        Message response = fx.call(ApiKey.DESCRIBE_CLUSTER, (short) 2, request);
        HandlerFixture.parseWithKafka(ApiKey.DESCRIBE_CLUSTER, response, (short) 2);
        assertEquals(HandlerFixture.CLUSTER_ID, response.get(DescribeClusterResponse.CLUSTER_ID));
        assertEquals(HandlerFixture.NODE_ID, response.get(DescribeClusterResponse.CONTROLLER_ID));
        Message broker = response.get(DescribeClusterResponse.BROKERS).get(0);
        assertEquals(HandlerFixture.NODE_ID, broker.get(DescribeClusterBroker.BROKER_ID));
        assertNotEquals(Integer.MIN_VALUE, response.get(DescribeClusterResponse.CLUSTER_AUTHORIZED_OPERATIONS));

        Message controller = fx.call(ApiKey.DESCRIBE_CLUSTER, (short) 1, DescribeClusterRequest.SCHEMA.newMessage()
                .set(DescribeClusterRequest.ENDPOINT_TYPE, (byte) 2));
        assertEquals(ErrorCode.MISMATCHED_ENDPOINT_TYPE.code(), controller.get(DescribeClusterResponse.ERROR_CODE));
    }

    private static Message describeConfigs(byte type, String name, List<String> keys, boolean synonyms) {
        Message resource = Message.of(DescribeConfigsResource.SCHEMA)
                .set(DescribeConfigsResource.RESOURCE_TYPE, type)
                .set(DescribeConfigsResource.RESOURCE_NAME, name)
                .set(DescribeConfigsResource.CONFIGURATION_KEYS, keys == null ? null : new ArrayList<>(keys));
        return DescribeConfigsRequest.SCHEMA.newMessage()
                .set(DescribeConfigsRequest.RESOURCES, new ArrayList<>(List.of(resource)))
                .set(DescribeConfigsRequest.INCLUDE_SYNONYMS, synonyms);
    }

    private Message describeResult(short version, Message request) {
        Message response = fx.call(ApiKey.DESCRIBE_CONFIGS, version, request);
        HandlerFixture.parseWithKafka(ApiKey.DESCRIBE_CONFIGS, response, version);
        return response.get(DescribeConfigsResponse.RESULTS).get(0);
    }

    private static Message config(Message result, String name) {
        for (Message c : result.get(DescribeConfigsResult.CONFIGS)) {
            if (c.get(DescribeConfigsResourceResult.NAME).equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no config " + name);
    }

    @Test
    void describeConfigsOfATopic() throws Exception {
        fx.topics.create("configured", 1, Map.of("retention.ms", "1234"));
        Message result = describeResult((short) 4, describeConfigs(DescribeConfigsHandler.TOPIC, "configured",
                null, true));
        assertEquals(ErrorCode.NONE.code(), result.get(DescribeConfigsResult.ERROR_CODE));
        Message retention = config(result, "retention.ms");
        assertEquals("1234", retention.get(DescribeConfigsResourceResult.VALUE));
        assertEquals((byte) 1, retention.get(DescribeConfigsResourceResult.CONFIG_SOURCE));
        assertEquals((byte) 5, retention.get(DescribeConfigsResourceResult.CONFIG_TYPE), "LONG");
        List<Message> synonyms = retention.get(DescribeConfigsResourceResult.SYNONYMS);
        assertEquals("retention.ms", synonyms.get(0).get(DescribeConfigsSynonym.NAME));
        assertEquals("log.retention.ms", synonyms.get(1).get(DescribeConfigsSynonym.NAME));
        Message segment = config(result, "segment.bytes");
        assertEquals("1073741824", segment.get(DescribeConfigsResourceResult.VALUE));
        assertEquals((byte) 5, segment.get(DescribeConfigsResourceResult.CONFIG_SOURCE));

        Message filtered = describeResult((short) 1, describeConfigs(DescribeConfigsHandler.TOPIC, "configured",
                List.of("retention.ms", "cleanup.policy"), false));
        assertEquals(2, filtered.get(DescribeConfigsResult.CONFIGS).size());
        assertTrue(config(filtered, "cleanup.policy").get(DescribeConfigsResourceResult.SYNONYMS).isEmpty());

        Message unknown = describeResult((short) 4, describeConfigs(DescribeConfigsHandler.TOPIC, "nope", null, false));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), unknown.get(DescribeConfigsResult.ERROR_CODE));
    }

    @Test
    void describeConfigsOfTheBroker() {
        Message result = describeResult((short) 4, describeConfigs(DescribeConfigsHandler.BROKER,
                Integer.toString(HandlerFixture.NODE_ID), null, true));
        assertEquals(ErrorCode.NONE.code(), result.get(DescribeConfigsResult.ERROR_CODE));
        for (String key : List.of("num.partitions", "auto.create.topics.enable", "log.segment.bytes",
                "log.retention.ms", "socket.request.max.bytes", "message.max.bytes")) {
            config(result, key);
        }
        Message partitions = config(result, "num.partitions");
        assertEquals("2", partitions.get(DescribeConfigsResourceResult.VALUE));
        assertEquals((byte) 4, partitions.get(DescribeConfigsResourceResult.CONFIG_SOURCE), "differs from Kafka's 1");
        assertEquals((byte) 5, config(result, "message.max.bytes").get(DescribeConfigsResourceResult.CONFIG_SOURCE));

        Message other = describeResult((short) 4, describeConfigs(DescribeConfigsHandler.BROKER, "99", null, false));
        assertEquals(ErrorCode.INVALID_REQUEST.code(), other.get(DescribeConfigsResult.ERROR_CODE));
        Message defaults = describeResult((short) 4, describeConfigs(DescribeConfigsHandler.BROKER, "", null, false));
        assertEquals(ErrorCode.NONE.code(), defaults.get(DescribeConfigsResult.ERROR_CODE));
        Message group = describeResult((short) 4, describeConfigs((byte) 32, "g", null, false));
        assertEquals(ErrorCode.INVALID_REQUEST.code(), group.get(DescribeConfigsResult.ERROR_CODE));
    }
}
