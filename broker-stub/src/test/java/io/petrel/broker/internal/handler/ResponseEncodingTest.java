package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.handler.Requests.FetchTarget;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.AlterConfigsRequest;
import io.petrel.protocol.schemas.DeleteRecordsRequest;
import io.petrel.protocol.schemas.IncrementalAlterConfigsRequest;
import io.petrel.protocol.schemas.AddOffsetsToTxnRequest;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest.AddPartitionsToTxnTopic;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest.AddPartitionsToTxnTransaction;
import io.petrel.protocol.schemas.CreateAclsRequest;
import io.petrel.protocol.schemas.CreateAclsRequest.AclCreation;
import io.petrel.protocol.schemas.CreatePartitionsRequest;
import io.petrel.protocol.schemas.CreatePartitionsRequest.CreatePartitionsTopic;
import io.petrel.protocol.schemas.CreateTopicsRequest;
import io.petrel.protocol.schemas.DeleteAclsRequest;
import io.petrel.protocol.schemas.DeleteAclsRequest.DeleteAclsFilter;
import io.petrel.protocol.schemas.DeleteTopicsRequest;
import io.petrel.protocol.schemas.DeleteTopicsRequest.DeleteTopicState;
import io.petrel.protocol.schemas.DescribeAclsRequest;
import io.petrel.protocol.schemas.DescribeClusterRequest;
import io.petrel.protocol.schemas.DescribeConfigsRequest;
import io.petrel.protocol.schemas.DescribeConfigsRequest.DescribeConfigsResource;
import io.petrel.protocol.schemas.DescribeLogDirsRequest;
import io.petrel.protocol.schemas.DescribeProducersRequest;
import io.petrel.protocol.schemas.DescribeTransactionsRequest;
import io.petrel.protocol.schemas.EndTxnRequest;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.InitProducerIdRequest;
import io.petrel.protocol.schemas.ListPartitionReassignmentsRequest;
import io.petrel.protocol.schemas.ListTransactionsRequest;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataRequest.MetadataRequestTopic;
import io.petrel.protocol.schemas.TxnOffsetCommitRequest;
import io.petrel.protocol.schemas.TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition;
import io.petrel.protocol.schemas.TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every handler, at every version it serves, on its success and error paths: the response must encode
 * (our schema refuses a field the version lacks), kafka-clients must parse the bytes completely, and what
 * it parsed must be what we wrote: its own encoding of the parsed response is byte for byte ours, so no
 * field (an error code, an offset, a record) reaches a client changed or dropped.
 */
class ResponseEncodingTest {
    private static final long T0 = 1_700_000_000_000L;
    /** The data-plane handlers added for issue #19. */
    private static final Set<ApiKey> BROKER_APIS = EnumSet.of(ApiKey.DESCRIBE_TOPIC_PARTITIONS,
            ApiKey.OFFSET_FOR_LEADER_EPOCH, ApiKey.DESCRIBE_LOG_DIRS, ApiKey.ELECT_LEADERS,
            ApiKey.ALTER_PARTITION_REASSIGNMENTS, ApiKey.LIST_PARTITION_REASSIGNMENTS, ApiKey.DESCRIBE_QUORUM);

    @TempDir
    Path dir;
    private HandlerFixture fx;
    private Topic data;

    @BeforeEach
    void setUp() throws Exception {
        // An authorizer on, with the fixture's anonymous requests from a super user: the ACL APIs answer in full.
        fx = new HandlerFixture(dir, b -> b.authorizer("User:ANONYMOUS"));
        data = fx.topics.create("data", 2, Map.of("retention.ms", "100000"));
        for (int i = 0; i < 3; i++) {
            fx.topics.partition("data", 0).append(HandlerFixture.batch(2, T0 + i));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void everyHandlerIsBuiltAndServesTheSchemasVersions() {
        Set<ApiKey> apis = EnumSet.noneOf(ApiKey.class);
        for (RequestHandler h : fx.handlers) {
            assertTrue(apis.add(h.api()), "one handler per API");
            assertEquals(h.api().requestSchema().validVersions(), h.versions(), h.api() + " serves its schema's range");
            Versions kafka = new Versions(ApiKeys.forId(h.api().id()).oldestVersion(),
                    ApiKeys.forId(h.api().id()).latestVersion());
            assertTrue(h.versions().lowest() >= kafka.lowest() && h.versions().highest() <= kafka.highest(),
                    h.api() + " " + h.versions() + " within what kafka-clients 4.3.1 knows: " + kafka);
        }
        assertEquals(EnumSet.of(ApiKey.METADATA, ApiKey.CREATE_TOPICS, ApiKey.DELETE_TOPICS, ApiKey.CREATE_PARTITIONS,
                ApiKey.DESCRIBE_CLUSTER, ApiKey.DESCRIBE_CONFIGS, ApiKey.PRODUCE, ApiKey.FETCH, ApiKey.LIST_OFFSETS,
                ApiKey.INIT_PRODUCER_ID, ApiKey.DELETE_RECORDS, ApiKey.INCREMENTAL_ALTER_CONFIGS,
                ApiKey.ALTER_CONFIGS, ApiKey.CREATE_ACLS, ApiKey.DESCRIBE_ACLS, ApiKey.DELETE_ACLS,
                ApiKey.ADD_PARTITIONS_TO_TXN, ApiKey.ADD_OFFSETS_TO_TXN, ApiKey.TXN_OFFSET_COMMIT, ApiKey.END_TXN,
                ApiKey.DESCRIBE_TRANSACTIONS, ApiKey.LIST_TRANSACTIONS, ApiKey.DESCRIBE_PRODUCERS),
                EnumSet.copyOf(apis.stream().filter(a -> !BROKER_APIS.contains(a)).toList()));
        assertTrue(apis.containsAll(BROKER_APIS), "the broker APIs of issue #19 are built: " + apis);
    }

    @Test
    void kafkaClientsReadEveryResponseAsWrittenAtEveryServedVersion() {
        int checked = 0;
        for (RequestHandler h : fx.handlers) {
            for (short v = h.versions().lowest(); v <= h.versions().highest(); v++) {
                for (Message request : scenarios(h.api(), v)) {
                    Message response = fx.call(h.api(), v, request);
                    String what = h.api() + " v" + v + " response " + response;
                    ByteBuffer ours = HandlerFixture.encode(h.api(), response, v);
                    AbstractResponse parsed;
                    try {
                        parsed = HandlerFixture.parseWithKafka(h.api(), response, v);
                    } catch (RuntimeException e) {
                        throw new AssertionError(what + " does not parse with kafka-clients", e);
                    }
                    ByteBuffer theirs = MessageUtil.toByteBufferAccessor(parsed.data(), v).buffer();
                    assertEquals(ours, theirs, what + " reads back differently in kafka-clients: " + parsed.data());
                    checked++;
                }
            }
        }
        assertTrue(checked > 150, "checked " + checked + " responses");
    }

    private List<Message> scenarios(ApiKey api, short v) {
        String fresh = "t-" + api.id() + "-" + v;
        List<Message> s = new ArrayList<>();
        switch (api) {
            case METADATA -> {
                Message all = MetadataRequest.SCHEMA.newMessage()
                        .set(MetadataRequest.TOPICS, v == 0 ? new ArrayList<>() : null);
                if (v >= 8) {
                    all.set(MetadataRequest.INCLUDE_TOPIC_AUTHORIZED_OPERATIONS, true);
                }
                if (v >= 8 && v <= 10) {
                    all.set(MetadataRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, true);
                }
                s.add(all);
                s.add(Requests.metadata(List.of("data", fresh), true));
                if (v >= 4) {
                    s.add(Requests.metadata(List.of("missing", "bad name"), false));
                }
                if (v >= 10) {
                    s.add(MetadataRequest.SCHEMA.newMessage().set(MetadataRequest.TOPICS, new ArrayList<>(List.of(
                            Message.of(MetadataRequestTopic.SCHEMA).set(MetadataRequestTopic.NAME, null)
                                    .set(MetadataRequestTopic.TOPIC_ID, data.id()),
                            Message.of(MetadataRequestTopic.SCHEMA).set(MetadataRequestTopic.NAME, null)
                                    .set(MetadataRequestTopic.TOPIC_ID, UUID.randomUUID())))));
                }
            }
            case CREATE_TOPICS -> {
                s.add(Requests.createTopic(fresh, 2, (short) -1, Map.of("cleanup.policy", "compact")));
                s.add(Requests.createTopic(fresh + "-rf", 1, (short) 3, Map.of()));
                s.add(Requests.createTopic(fresh + "-dry", -1, (short) 1, Map.of())
                        .set(CreateTopicsRequest.VALIDATE_ONLY, true));
                s.add(Requests.createTopic("data", 1, (short) 1, Map.of()));
            }
            case DELETE_TOPICS -> {
                createQuietly(fresh);
                if (v >= 6) {
                    Topic victim = fx.topics.topic(fresh).orElseThrow();
                    s.add(DeleteTopicsRequest.SCHEMA.newMessage().set(DeleteTopicsRequest.TOPICS, new ArrayList<>(List.of(
                            Message.of(DeleteTopicState.SCHEMA).set(DeleteTopicState.TOPIC_ID, victim.id()),
                            Message.of(DeleteTopicState.SCHEMA).set(DeleteTopicState.TOPIC_ID, UUID.randomUUID()),
                            Message.of(DeleteTopicState.SCHEMA).set(DeleteTopicState.NAME, "missing")))));
                } else {
                    s.add(DeleteTopicsRequest.SCHEMA.newMessage()
                            .set(DeleteTopicsRequest.TOPIC_NAMES, new ArrayList<>(List.of(fresh, "missing"))));
                }
            }
            case CREATE_PARTITIONS -> {
                createQuietly(fresh);
                s.add(CreatePartitionsRequest.SCHEMA.newMessage().set(CreatePartitionsRequest.TOPICS,
                        new ArrayList<>(List.of(
                                Message.of(CreatePartitionsTopic.SCHEMA).set(CreatePartitionsTopic.NAME, fresh)
                                        .set(CreatePartitionsTopic.COUNT, 3).set(CreatePartitionsTopic.ASSIGNMENTS, null),
                                Message.of(CreatePartitionsTopic.SCHEMA).set(CreatePartitionsTopic.NAME, "data")
                                        .set(CreatePartitionsTopic.COUNT, 1).set(CreatePartitionsTopic.ASSIGNMENTS, null)))));
            }
            case DESCRIBE_CLUSTER -> {
                s.add(DescribeClusterRequest.SCHEMA.newMessage()
                        .set(DescribeClusterRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, true));
                if (v >= 1) {
                    s.add(DescribeClusterRequest.SCHEMA.newMessage().set(DescribeClusterRequest.ENDPOINT_TYPE, (byte) 2));
                }
            }
            case DESCRIBE_CONFIGS -> {
                List<Message> resources = new ArrayList<>();
                resources.add(resource(DescribeConfigsHandler.TOPIC, "data"));
                resources.add(resource(DescribeConfigsHandler.TOPIC, "missing"));
                resources.add(resource(DescribeConfigsHandler.BROKER, Integer.toString(HandlerFixture.NODE_ID)));
                resources.add(resource(DescribeConfigsHandler.BROKER, "42"));
                resources.add(resource((byte) 8, "loggers"));
                s.add(DescribeConfigsRequest.SCHEMA.newMessage().set(DescribeConfigsRequest.RESOURCES, resources)
                        .set(DescribeConfigsRequest.INCLUDE_SYNONYMS, true));
                s.add(DescribeConfigsRequest.SCHEMA.newMessage().set(DescribeConfigsRequest.RESOURCES,
                        new ArrayList<>(List.of(resource(DescribeConfigsHandler.TOPIC, "data")))));
            }
            case PRODUCE -> {
                s.add(Requests.produce((short) -1, "data", data.id(), 1, HandlerFixture.batch(2, T0)));
                s.add(Requests.produce((short) 1, "missing", UUID.randomUUID(), 0, HandlerFixture.batch(1, T0)));
                s.add(Requests.produce((short) 1, "data", data.id(), 9, HandlerFixture.batch(1, T0)));
            }
            case FETCH -> {
                s.add(Requests.fetch(0, 1, 1 << 20,
                        new FetchTarget("data", data.id(), 0, 2, 1 << 20),
                        new FetchTarget("data", data.id(), 1, 0, 1 << 20),
                        new FetchTarget("data", data.id(), 0, 500, 1 << 20),
                        new FetchTarget("missing", UUID.randomUUID(), 0, 0, 1 << 20)));
                s.add(Requests.fetch(0, 1, 1 << 20, new FetchTarget("data", data.id(), 0, 0, 1 << 20))
                        .set(FetchRequest.ISOLATION_LEVEL, (byte) 1));
                if (v >= 7) {
                    s.add(Requests.fetch(0, 1, 1 << 20, new FetchTarget("data", data.id(), 0, 0, 1 << 20))
                            .set(FetchRequest.SESSION_ID, 5).set(FetchRequest.SESSION_EPOCH, 2));
                }
            }
            case LIST_OFFSETS -> {
                for (long ts : new long[]{-2, -1, -3, -4, -5, T0 + 1}) {
                    s.add(Requests.listOffsets("data", 0, ts));
                }
                s.add(Requests.listOffsets("missing", 0, -1));
            }
            case INIT_PRODUCER_ID -> {
                s.add(InitProducerIdRequest.SCHEMA.newMessage().set(InitProducerIdRequest.TRANSACTIONAL_ID, null));
                s.add(InitProducerIdRequest.SCHEMA.newMessage().set(InitProducerIdRequest.TRANSACTIONAL_ID, "txn"));
            }
            case DELETE_RECORDS -> {
                Message p0 = Message.of(DeleteRecordsRequest.DeleteRecordsPartition.SCHEMA)
                        .set(DeleteRecordsRequest.DeleteRecordsPartition.PARTITION_INDEX, 0)
                        .set(DeleteRecordsRequest.DeleteRecordsPartition.OFFSET, -1L);
                Message p9 = Message.of(DeleteRecordsRequest.DeleteRecordsPartition.SCHEMA)
                        .set(DeleteRecordsRequest.DeleteRecordsPartition.PARTITION_INDEX, 9)
                        .set(DeleteRecordsRequest.DeleteRecordsPartition.OFFSET, 1L);
                Message past = Message.of(DeleteRecordsRequest.DeleteRecordsPartition.SCHEMA)
                        .set(DeleteRecordsRequest.DeleteRecordsPartition.PARTITION_INDEX, 1)
                        .set(DeleteRecordsRequest.DeleteRecordsPartition.OFFSET, 1_000L);
                s.add(DeleteRecordsRequest.SCHEMA.newMessage().set(DeleteRecordsRequest.TIMEOUT_MS, 1000)
                        .set(DeleteRecordsRequest.TOPICS, new ArrayList<>(List.of(
                                Message.of(DeleteRecordsRequest.DeleteRecordsTopic.SCHEMA)
                                        .set(DeleteRecordsRequest.DeleteRecordsTopic.NAME, "data")
                                        .set(DeleteRecordsRequest.DeleteRecordsTopic.PARTITIONS,
                                                new ArrayList<>(List.of(p0, p9, past))),
                                Message.of(DeleteRecordsRequest.DeleteRecordsTopic.SCHEMA)
                                        .set(DeleteRecordsRequest.DeleteRecordsTopic.NAME, "missing")
                                        .set(DeleteRecordsRequest.DeleteRecordsTopic.PARTITIONS,
                                                new ArrayList<>(List.of(p0)))))));
            }
            case INCREMENTAL_ALTER_CONFIGS -> {
                List<Message> resources = new ArrayList<>();
                resources.add(incremental(TopicConfigAlteration.TOPIC, "data", "retention.ms", (byte) 0, "200000"));
                resources.add(incremental(TopicConfigAlteration.TOPIC, "data", "retention.ms", (byte) 0, "soon"));
                resources.add(incremental(TopicConfigAlteration.TOPIC, "data", "retention.ms", (byte) 2, "1"));
                resources.add(incremental(TopicConfigAlteration.TOPIC, "missing", "retention.ms", (byte) 1, null));
                resources.add(incremental(TopicConfigAlteration.BROKER, "1", "log.retention.ms", (byte) 0, "1"));
                s.add(IncrementalAlterConfigsRequest.SCHEMA.newMessage()
                        .set(IncrementalAlterConfigsRequest.RESOURCES, resources)
                        .set(IncrementalAlterConfigsRequest.VALIDATE_ONLY, false));
            }
            case ALTER_CONFIGS -> {
                List<Message> resources = new ArrayList<>();
                resources.add(whole(TopicConfigAlteration.TOPIC, "data", "retention.ms", "100000"));
                resources.add(whole(TopicConfigAlteration.TOPIC, "data", "max.message.bytes", "-5"));
                resources.add(whole(TopicConfigAlteration.TOPIC, "missing", "retention.ms", "1"));
                s.add(AlterConfigsRequest.SCHEMA.newMessage().set(AlterConfigsRequest.RESOURCES, resources)
                        .set(AlterConfigsRequest.VALIDATE_ONLY, true));
            }
            case CREATE_ACLS -> s.add(CreateAclsRequest.SCHEMA.newMessage().set(CreateAclsRequest.CREATIONS,
                    new ArrayList<>(List.of(
                            aclCreation((byte) 2, fresh, (byte) 4, "User:alice", (byte) 4),
                            aclCreation((byte) 4, "not-kafka-cluster", (byte) 3, "User:alice", (byte) 7),
                            aclCreation((byte) 2, fresh, (byte) 3, "no-colon", (byte) 3)))));
            case DESCRIBE_ACLS -> {
                s.add(DescribeAclsRequest.SCHEMA.newMessage().set(DescribeAclsRequest.RESOURCE_TYPE_FILTER, (byte) 1)
                        .set(DescribeAclsRequest.RESOURCE_NAME_FILTER, null)
                        .set(DescribeAclsRequest.PATTERN_TYPE_FILTER, (byte) 1)
                        .set(DescribeAclsRequest.PRINCIPAL_FILTER, null).set(DescribeAclsRequest.HOST_FILTER, null)
                        .set(DescribeAclsRequest.OPERATION, (byte) 1).set(DescribeAclsRequest.PERMISSION_TYPE, (byte) 1));
                s.add(DescribeAclsRequest.SCHEMA.newMessage().set(DescribeAclsRequest.RESOURCE_TYPE_FILTER, (byte) 0)
                        .set(DescribeAclsRequest.RESOURCE_NAME_FILTER, null)
                        .set(DescribeAclsRequest.PATTERN_TYPE_FILTER, (byte) 1)
                        .set(DescribeAclsRequest.PRINCIPAL_FILTER, null).set(DescribeAclsRequest.HOST_FILTER, null)
                        .set(DescribeAclsRequest.OPERATION, (byte) 1).set(DescribeAclsRequest.PERMISSION_TYPE, (byte) 1));
            }
            case DELETE_ACLS -> s.add(DeleteAclsRequest.SCHEMA.newMessage().set(DeleteAclsRequest.FILTERS,
                    new ArrayList<>(List.of(Message.of(DeleteAclsFilter.SCHEMA)
                            .set(DeleteAclsFilter.RESOURCE_TYPE_FILTER, (byte) 2)
                            .set(DeleteAclsFilter.RESOURCE_NAME_FILTER, null)
                            .set(DeleteAclsFilter.PATTERN_TYPE_FILTER, (byte) 1)
                            .set(DeleteAclsFilter.PRINCIPAL_FILTER, "User:alice")
                            .set(DeleteAclsFilter.HOST_FILTER, null)
                            .set(DeleteAclsFilter.OPERATION, (byte) 1)
                            .set(DeleteAclsFilter.PERMISSION_TYPE, (byte) 1)))));
            case ADD_PARTITIONS_TO_TXN -> {
                long pid = openTransaction("txn-add-" + v);
                List<Message> topics = List.of(
                        Message.of(AddPartitionsToTxnTopic.SCHEMA).set(AddPartitionsToTxnTopic.NAME, "data")
                                .set(AddPartitionsToTxnTopic.PARTITIONS, List.of(0, 1)));
                List<Message> withMissing = List.of(topics.get(0),
                        Message.of(AddPartitionsToTxnTopic.SCHEMA).set(AddPartitionsToTxnTopic.NAME, "missing")
                                .set(AddPartitionsToTxnTopic.PARTITIONS, List.of(0)));
                for (List<Message> requested : List.of(topics, withMissing)) {
                    if (v < 4) {
                        s.add(AddPartitionsToTxnRequest.SCHEMA.newMessage()
                                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_TRANSACTIONAL_ID, "txn-add-" + v)
                                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_ID, pid)
                                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_EPOCH, (short) 0)
                                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS, requested));
                    } else {
                        s.add(AddPartitionsToTxnRequest.SCHEMA.newMessage().set(AddPartitionsToTxnRequest.TRANSACTIONS,
                                List.of(Message.of(AddPartitionsToTxnTransaction.SCHEMA)
                                        .set(AddPartitionsToTxnTransaction.TRANSACTIONAL_ID, "txn-add-" + v)
                                        .set(AddPartitionsToTxnTransaction.PRODUCER_ID, pid)
                                        .set(AddPartitionsToTxnTransaction.PRODUCER_EPOCH, (short) 0)
                                        .set(AddPartitionsToTxnTransaction.VERIFY_ONLY, true)
                                        .set(AddPartitionsToTxnTransaction.TOPICS, requested))));
                    }
                }
            }
            case ADD_OFFSETS_TO_TXN -> {
                long pid = openTransaction("txn-offsets-" + v);
                s.add(AddOffsetsToTxnRequest.SCHEMA.newMessage().set(AddOffsetsToTxnRequest.TRANSACTIONAL_ID, "txn-offsets-" + v)
                        .set(AddOffsetsToTxnRequest.PRODUCER_ID, pid).set(AddOffsetsToTxnRequest.PRODUCER_EPOCH, (short) 0)
                        .set(AddOffsetsToTxnRequest.GROUP_ID, "g"));
                s.add(AddOffsetsToTxnRequest.SCHEMA.newMessage().set(AddOffsetsToTxnRequest.TRANSACTIONAL_ID, "unknown")
                        .set(AddOffsetsToTxnRequest.PRODUCER_ID, 5L).set(AddOffsetsToTxnRequest.PRODUCER_EPOCH, (short) 0)
                        .set(AddOffsetsToTxnRequest.GROUP_ID, "g"));
            }
            case TXN_OFFSET_COMMIT -> {
                long pid = openTransaction("txn-commit-" + v);
                for (String topic : List.of("data", "missing")) {
                    s.add(TxnOffsetCommitRequest.SCHEMA.newMessage()
                            .set(TxnOffsetCommitRequest.TRANSACTIONAL_ID, "txn-commit-" + v)
                            .set(TxnOffsetCommitRequest.GROUP_ID, "g")
                            .set(TxnOffsetCommitRequest.PRODUCER_ID, pid)
                            .set(TxnOffsetCommitRequest.PRODUCER_EPOCH, (short) 0)
                            .set(TxnOffsetCommitRequest.TOPICS, List.of(Message.of(TxnOffsetCommitRequestTopic.SCHEMA)
                                    .set(TxnOffsetCommitRequestTopic.NAME, topic)
                                    .set(TxnOffsetCommitRequestTopic.PARTITIONS, List.of(
                                            Message.of(TxnOffsetCommitRequestPartition.SCHEMA)
                                                    .set(TxnOffsetCommitRequestPartition.PARTITION_INDEX, 0)
                                                    .set(TxnOffsetCommitRequestPartition.COMMITTED_OFFSET, 3L)
                                                    .set(TxnOffsetCommitRequestPartition.COMMITTED_METADATA, ""))))));
                }
            }
            case END_TXN -> {
                long pid = openTransaction("txn-end-" + v);
                fx.dataPlane.transactions().addPartitions("txn-end-" + v, pid, (short) 0,
                        List.of(new io.petrel.broker.internal.topic.TopicPartition("data", 0)), false);
                s.add(EndTxnRequest.SCHEMA.newMessage().set(EndTxnRequest.TRANSACTIONAL_ID, "txn-end-" + v)
                        .set(EndTxnRequest.PRODUCER_ID, pid).set(EndTxnRequest.PRODUCER_EPOCH, (short) 0)
                        .set(EndTxnRequest.COMMITTED, true));
                s.add(EndTxnRequest.SCHEMA.newMessage().set(EndTxnRequest.TRANSACTIONAL_ID, "unknown")
                        .set(EndTxnRequest.PRODUCER_ID, 5L).set(EndTxnRequest.PRODUCER_EPOCH, (short) 0)
                        .set(EndTxnRequest.COMMITTED, false));
            }
            case DESCRIBE_TRANSACTIONS -> {
                long pid = openTransaction("txn-described");
                fx.dataPlane.transactions().addPartitions("txn-described", pid, (short) 0,
                        List.of(new io.petrel.broker.internal.topic.TopicPartition("data", 1)), false);
                s.add(DescribeTransactionsRequest.SCHEMA.newMessage().set(DescribeTransactionsRequest.TRANSACTIONAL_IDS,
                        List.of("txn-described", "unknown")));
            }
            case LIST_TRANSACTIONS -> {
                openTransaction("txn-listed");
                s.add(ListTransactionsRequest.SCHEMA.newMessage());
                s.add(ListTransactionsRequest.SCHEMA.newMessage()
                        .set(ListTransactionsRequest.STATE_FILTERS, List.of("Empty", "Bogus")));
                if (v >= 2) {
                    s.add(ListTransactionsRequest.SCHEMA.newMessage()
                            .set(ListTransactionsRequest.TRANSACTIONAL_ID_PATTERN, "["));
                }
            }
            case DESCRIBE_PRODUCERS -> s.add(DescribeProducersRequest.SCHEMA.newMessage().set(DescribeProducersRequest.TOPICS,
                    List.of(Message.of(DescribeProducersRequest.TopicRequest.SCHEMA)
                                    .set(DescribeProducersRequest.TopicRequest.NAME, "data")
                                    .set(DescribeProducersRequest.TopicRequest.PARTITION_INDEXES, List.of(0, 1)),
                            Message.of(DescribeProducersRequest.TopicRequest.SCHEMA)
                                    .set(DescribeProducersRequest.TopicRequest.NAME, "missing")
                                    .set(DescribeProducersRequest.TopicRequest.PARTITION_INDEXES, List.of(0)))));
            case DESCRIBE_TOPIC_PARTITIONS -> {
                s.add(Requests.describeTopicPartitions(List.of(), 2000, null, 0));
                s.add(Requests.describeTopicPartitions(List.of("data", "missing", "bad/name"), 1, null, 0));
                s.add(Requests.describeTopicPartitions(List.of("data"), 1, "data", 1));
                s.add(Requests.describeTopicPartitions(List.of("data"), 1, "other", 0));
            }
            case OFFSET_FOR_LEADER_EPOCH -> {
                s.add(Requests.offsetForLeaderEpoch("data", 0, -1, 0));
                s.add(Requests.offsetForLeaderEpoch("data", 0, 0, 7));
                s.add(Requests.offsetForLeaderEpoch("data", 1, 3, 0));
                s.add(Requests.offsetForLeaderEpoch("missing", 0, -1, 0));
            }
            case DESCRIBE_LOG_DIRS -> {
                s.add(DescribeLogDirsRequest.SCHEMA.newMessage().set(DescribeLogDirsRequest.TOPICS, null));
                s.add(DescribeLogDirsRequest.SCHEMA.newMessage().set(DescribeLogDirsRequest.TOPICS, List.of(
                        Message.of(DescribeLogDirsRequest.DescribableLogDirTopic.SCHEMA)
                                .set(DescribeLogDirsRequest.DescribableLogDirTopic.TOPIC, "data")
                                .set(DescribeLogDirsRequest.DescribableLogDirTopic.PARTITIONS, List.of(0, 1, 7)),
                        Message.of(DescribeLogDirsRequest.DescribableLogDirTopic.SCHEMA)
                                .set(DescribeLogDirsRequest.DescribableLogDirTopic.TOPIC, "missing")
                                .set(DescribeLogDirsRequest.DescribableLogDirTopic.PARTITIONS, List.of(0)))));
            }
            case ELECT_LEADERS -> {
                s.add(Requests.electLeaders(null));
                s.add(Requests.electLeaders(Map.of("data", List.of(0, 1, 9), "missing", List.of(0))));
            }
            case ALTER_PARTITION_REASSIGNMENTS -> {
                s.add(Requests.alterReassignments("data", 0, List.of(HandlerFixture.NODE_ID)));
                s.add(Requests.alterReassignments("data", 1, null));
                s.add(Requests.alterReassignments("data", 1, List.of(HandlerFixture.NODE_ID, 99)));
                s.add(Requests.alterReassignments("missing", 0, List.of(HandlerFixture.NODE_ID)));
            }
            case LIST_PARTITION_REASSIGNMENTS -> s.add(ListPartitionReassignmentsRequest.SCHEMA.newMessage());
            case DESCRIBE_QUORUM -> {
                s.add(Requests.describeQuorum("__cluster_metadata", 0));
                s.add(Requests.describeQuorum("__cluster_metadata", 1));
                s.add(Requests.describeQuorum("data", 0));
            }
            default -> throw new AssertionError("No scenarios for " + api);
        }
        return s;
    }

    private static Message incremental(byte type, String name, String key, byte op, String value) {
        Message config = Message.of(IncrementalAlterConfigsRequest.AlterableConfig.SCHEMA)
                .set(IncrementalAlterConfigsRequest.AlterableConfig.NAME, key)
                .set(IncrementalAlterConfigsRequest.AlterableConfig.CONFIG_OPERATION, op)
                .set(IncrementalAlterConfigsRequest.AlterableConfig.VALUE, value);
        return Message.of(IncrementalAlterConfigsRequest.AlterConfigsResource.SCHEMA)
                .set(IncrementalAlterConfigsRequest.AlterConfigsResource.RESOURCE_TYPE, type)
                .set(IncrementalAlterConfigsRequest.AlterConfigsResource.RESOURCE_NAME, name)
                .set(IncrementalAlterConfigsRequest.AlterConfigsResource.CONFIGS, new ArrayList<>(List.of(config)));
    }

    private static Message whole(byte type, String name, String key, String value) {
        Message config = Message.of(AlterConfigsRequest.AlterableConfig.SCHEMA)
                .set(AlterConfigsRequest.AlterableConfig.NAME, key)
                .set(AlterConfigsRequest.AlterableConfig.VALUE, value);
        return Message.of(AlterConfigsRequest.AlterConfigsResource.SCHEMA)
                .set(AlterConfigsRequest.AlterConfigsResource.RESOURCE_TYPE, type)
                .set(AlterConfigsRequest.AlterConfigsResource.RESOURCE_NAME, name)
                .set(AlterConfigsRequest.AlterConfigsResource.CONFIGS, new ArrayList<>(List.of(config)));
    }

    /** A transactional id with a producer at epoch 0; returns its producer id. */
    private long openTransaction(String transactionalId) {
        return fx.dataPlane.transactions().initProducerId(transactionalId, 60_000, -1L, (short) -1).producerId();
    }

    private static Message aclCreation(byte type, String name, byte pattern, String principal, byte operation) {
        return Message.of(AclCreation.SCHEMA).set(AclCreation.RESOURCE_TYPE, type).set(AclCreation.RESOURCE_NAME, name)
                .set(AclCreation.RESOURCE_PATTERN_TYPE, pattern).set(AclCreation.PRINCIPAL, principal)
                .set(AclCreation.HOST, "*").set(AclCreation.OPERATION, operation)
                .set(AclCreation.PERMISSION_TYPE, (byte) 3);
    }

    private static Message resource(byte type, String name) {
        return Message.of(DescribeConfigsResource.SCHEMA)
                .set(DescribeConfigsResource.RESOURCE_TYPE, type)
                .set(DescribeConfigsResource.RESOURCE_NAME, name)
                .set(DescribeConfigsResource.CONFIGURATION_KEYS, null);
    }

    private void createQuietly(String name) {
        try {
            fx.topics.create(name, 1, Map.of());
        } catch (Exception e) {
            throw new AssertionError("Could not create " + name, e);
        }
    }
}
