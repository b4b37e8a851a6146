package io.petrel.broker.internal.fault;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.ProduceRequest;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every error answer fault injection can build, at every version: it must encode, Apache Kafka's client
 * must parse it, and the client must see the injected error in it.
 */
class ErrorResponsesTest {
    private static final ErrorCode ERROR = ErrorCode.COORDINATOR_NOT_AVAILABLE;

    @Test
    void everyFailableApiAtEveryVersionCarriesTheErrorToKafkaClients() {
        List<String> checked = new ArrayList<>();
        for (ApiKey api : ApiKey.values()) {
            if (api != ApiKey.PRODUCE && api != ApiKey.FETCH && !ErrorResponses.hasTopLevelErrorCode(api)) {
                continue;
            }
            Versions versions = api.versions();
            for (short version = versions.lowest(); version <= versions.highest(); version++) {
                Message response = ErrorResponses.forRequest(api, version, request(api), ERROR);
                ByteBuffer bytes;
                try {
                    bytes = api.responseSchema().serialize(response, version);
                } catch (RuntimeException e) {
                    throw new AssertionError(api + " v" + version + ": the error response does not encode", e);
                }
                AbstractResponse parsed = AbstractResponse.parseResponse(ApiKeys.forId(api.id()), new ByteBufferAccessor(bytes), version);
                assertEquals(0, bytes.remaining(), api + " v" + version + ": kafka-clients left bytes unread");
                Map<Errors, Integer> errors = parsed.errorCounts();
                // Some of kafka-clients' responses (DescribeUserScramCredentials) leave the request-wide error out of
                // errorCounts; their Admin calls read it from the data.
                assertTrue(errors.getOrDefault(Errors.forCode(ERROR.code()), 0) > 0
                                || topLevelErrorCode(parsed) == ERROR.code(),
                        api + " v" + version + ": kafka-clients sees " + errors + " in " + response);
                checked.add(api + " v" + version);
            }
        }
        assertTrue(checked.size() > 50, "checked " + checked);
    }

    @Test
    void apisWithoutARequestWideErrorAreKnownAsSuch() {
        for (ApiKey api : List.of(ApiKey.CREATE_TOPICS, ApiKey.DELETE_TOPICS, ApiKey.LIST_OFFSETS, ApiKey.OFFSET_COMMIT,
                ApiKey.DESCRIBE_GROUPS, ApiKey.DESCRIBE_CONFIGS, ApiKey.CREATE_PARTITIONS)) {
            assertFalse(ErrorResponses.hasTopLevelErrorCode(api), api.toString());
        }
        for (ApiKey api : List.of(ApiKey.INIT_PRODUCER_ID, ApiKey.FIND_COORDINATOR, ApiKey.OFFSET_FETCH, ApiKey.METADATA,
                ApiKey.JOIN_GROUP, ApiKey.SYNC_GROUP, ApiKey.HEARTBEAT, ApiKey.LEAVE_GROUP, ApiKey.LIST_GROUPS,
                ApiKey.API_VERSIONS, ApiKey.DESCRIBE_CLUSTER)) {
            assertTrue(ErrorResponses.hasTopLevelErrorCode(api), api.toString());
        }
    }

    @Test
    void aMetadataRequestForAllTopicsBeforeV13HasNowhereToCarryTheError() {
        Message allTopics = MetadataRequest.SCHEMA.newMessage().set(MetadataRequest.TOPICS, null);
        Message response = ErrorResponses.forRequest(ApiKey.METADATA, (short) 12, allTopics, ERROR);
        assertTrue(response.get(io.petrel.protocol.schemas.MetadataResponse.TOPICS).isEmpty());
        Message v13 = ErrorResponses.forRequest(ApiKey.METADATA, (short) 13, allTopics, ERROR);
        assertEquals(ERROR.code(), v13.get(io.petrel.protocol.schemas.MetadataResponse.ERROR_CODE));
    }

    /** The request-wide error code of a parsed response's data, or -1 when it has none. */
    private static short topLevelErrorCode(AbstractResponse parsed) {
        try {
            return (short) parsed.data().getClass().getMethod("errorCode").invoke(parsed.data());
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    /** A request of every version's shape that names one thing (topic, partition, group, key) to fail. */
    private static Message request(ApiKey api) {
        Message request = api.requestSchema().newMessage();
        switch (api) {
            case PRODUCE -> request.set(ProduceRequest.TOPIC_DATA, List.of(Message.of(ProduceRequest.TopicProduceData.SCHEMA)
                    .set(ProduceRequest.TopicProduceData.NAME, "t")
                    .set(ProduceRequest.TopicProduceData.TOPIC_ID, UUID.randomUUID())
                    .set(ProduceRequest.TopicProduceData.PARTITION_DATA, List.of(Message.of(ProduceRequest.PartitionProduceData.SCHEMA)
                            .set(ProduceRequest.PartitionProduceData.INDEX, 0)))));
            case FETCH -> request.set(FetchRequest.TOPICS, List.of(Message.of(FetchRequest.FetchTopic.SCHEMA)
                    .set(FetchRequest.FetchTopic.TOPIC, "t")
                    .set(FetchRequest.FetchTopic.TOPIC_ID, UUID.randomUUID())
                    .set(FetchRequest.FetchTopic.PARTITIONS, List.of(Message.of(FetchRequest.FetchPartition.SCHEMA)
                            .set(FetchRequest.FetchPartition.PARTITION, 0)))));
            case FIND_COORDINATOR -> request.set(FindCoordinatorRequest.KEY, "g")
                    .set(FindCoordinatorRequest.COORDINATOR_KEYS, List.of("g"));
            case OFFSET_FETCH -> request.set(OffsetFetchRequest.GROUP_ID, "g")
                    .set(OffsetFetchRequest.TOPICS, List.of(Message.of(OffsetFetchRequest.OffsetFetchRequestTopic.SCHEMA)
                            .set(OffsetFetchRequest.OffsetFetchRequestTopic.NAME, "t")
                            .set(OffsetFetchRequest.OffsetFetchRequestTopic.PARTITION_INDEXES, List.of(0))))
                    .set(OffsetFetchRequest.GROUPS, List.of(Message.of(OffsetFetchRequest.OffsetFetchRequestGroup.SCHEMA)
                            .set(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID, "g")));
            case ADD_PARTITIONS_TO_TXN -> request.set(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS,
                    List.of(Message.of(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.SCHEMA)
                            .set(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.NAME, "t")
                            .set(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.PARTITIONS, List.of(0))));
            case METADATA -> request.set(MetadataRequest.TOPICS, List.of(Message.of(MetadataRequest.MetadataRequestTopic.SCHEMA)
                    .set(MetadataRequest.MetadataRequestTopic.NAME, "t")));
            case ELECT_LEADERS -> request.set(io.petrel.protocol.schemas.ElectLeadersRequest.TOPIC_PARTITIONS,
                    List.of(Message.of(io.petrel.protocol.schemas.ElectLeadersRequest.TopicPartitions.SCHEMA)
                            .set(io.petrel.protocol.schemas.ElectLeadersRequest.TopicPartitions.TOPIC, "t")
                            .set(io.petrel.protocol.schemas.ElectLeadersRequest.TopicPartitions.PARTITIONS, List.of(0))));
            default -> {
                // The request-wide error needs nothing from the request.
            }
        }
        return request;
    }

    @Test
    void aFaultThatIsNotSpentOnOneRequestStaysForTheNext() {
        FaultRules rules = new FaultRules(id -> null);
        FaultRule rule = new FaultRule(ApiKey.INIT_PRODUCER_ID, null, -1, FaultRule.Action.FAIL, ERROR, null, 2);
        rules.add(rule);
        Message request = request(ApiKey.INIT_PRODUCER_ID);
        assertTrue(rules.plan(ApiKey.INIT_PRODUCER_ID, (short) 5, request).failure() != null);
        assertTrue(rules.plan(ApiKey.HEARTBEAT, (short) 4, request(ApiKey.HEARTBEAT)).isNone(), "another API is untouched");
        assertTrue(rules.plan(ApiKey.INIT_PRODUCER_ID, (short) 5, request).failure() != null);
        assertTrue(rules.plan(ApiKey.INIT_PRODUCER_ID, (short) 5, request).isNone(), "spent after two");
        assertEquals(2, rule.fired());
        try {
            new FaultRule(ApiKey.PRODUCE, null, -1, FaultRule.Action.FAIL, ERROR, null, 0);
            fail("times=0 must be refused");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("times=0"));
        }
    }
}
