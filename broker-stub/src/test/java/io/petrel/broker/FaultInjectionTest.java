package io.petrel.broker;

import io.petrel.broker.internal.network.RawClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.FindCoordinatorResponse;
import io.petrel.protocol.schemas.InitProducerIdRequest;
import io.petrel.protocol.schemas.InitProducerIdResponse;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.protocol.schemas.ListOffsetsResponse;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults injected through {@link Broker#faults()}, observed as a client on the wire sees them. */
class FaultInjectionTest {
    private static final short PRODUCE_BY_NAME = 9;
    private static final short FETCH_BY_NAME = 12;

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.numPartitions(2));

    private static int topicCount;

    @BeforeAll
    static void checkExtensionBroker() {
        assertEquals(2, kafka.broker().config().numPartitions());
    }

    /** A fresh two-partition topic for each test, so tests do not see each other's records. */
    private static String newTopic(RawClient client) throws IOException {
        String topic = "faults-" + (++topicCount);
        client.createTopicOrFail(topic, 2);
        return topic;
    }

    private static FaultInjector faults() {
        return kafka.broker().faults();
    }

    private static RawClient connect() {
        return RawClient.connect(kafka.broker().port());
    }

    @Test
    void failRequestsAnswersEveryPartitionWithTheErrorWithoutAppendingUntilItIsSpent() throws IOException {
        try (RawClient client = connect()) {
            String topic = newTopic(client);
            Fault fault = faults().failRequests(ApiKey.PRODUCE, ErrorCode.NOT_LEADER_OR_FOLLOWER, 2);

            for (int attempt = 1; attempt <= 2; attempt++) {
                Message response = client.call(ApiKey.PRODUCE, PRODUCE_BY_NAME, twoPartitions(topic, "try" + attempt));
                Map<Integer, Message> partitions = producePartitions(response, topic);
                assertEquals(List.of(0, 1), List.copyOf(partitions.keySet()), "both partitions are answered");
                for (Message p : partitions.values()) {
                    assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER.code(), p.get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
                }
                assertEquals(attempt, fault.fired());
                assertEquals(0L, client.logEndOffset(topic, 0), "a failed request appends nothing");
                assertEquals(0L, client.logEndOffset(topic, 1), "a failed request appends nothing");
            }
            assertTrue(fault.exhausted());

            Message third = client.call(ApiKey.PRODUCE, PRODUCE_BY_NAME, twoPartitions(topic, "try3"));
            for (Message p : producePartitions(third, topic).values()) {
                assertEquals(ErrorCode.NONE.code(), p.get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
                assertEquals(0L, p.get(ProduceResponse.PartitionProduceResponse.BASE_OFFSET));
            }
            assertEquals(2, fault.fired(), "an exhausted fault fires no more");
            assertEquals(3L, client.logEndOffset(topic, 0));
            assertEquals(2L, client.logEndOffset(topic, 1));
        }
    }

    @Test
    void failPartitionFailsThatPartitionAndAppendsTheOther() throws IOException {
        try (RawClient client = connect()) {
            String topic = newTopic(client);
            Fault fault = faults().failPartition(ApiKey.PRODUCE, topic, 1, ErrorCode.NOT_LEADER_OR_FOLLOWER, 1);

            Message response = client.call(ApiKey.PRODUCE, PRODUCE_BY_NAME, twoPartitions(topic, "split"));
            Map<Integer, Message> partitions = producePartitions(response, topic);
            assertEquals(2, partitions.size(), "the response holds both partitions: " + response);
            assertEquals(ErrorCode.NONE.code(), partitions.get(0).get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
            assertEquals(0L, partitions.get(0).get(ProduceResponse.PartitionProduceResponse.BASE_OFFSET));
            assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER.code(),
                    partitions.get(1).get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
            assertEquals(3L, client.logEndOffset(topic, 0), "the healthy partition is appended");
            assertEquals(0L, client.logEndOffset(topic, 1), "the faulted partition is not");
            assertEquals(1, fault.fired());
            assertTrue(fault.exhausted());
        }
    }

    @Test
    void failPartitionMatchesProduceRequestsThatNameTheTopicById() throws IOException {
        try (RawClient client = connect()) {
            String topic = newTopic(client);
            UUID id = topicId(client, topic);
            Fault fault = faults().failPartition(ApiKey.PRODUCE, topic, 0, ErrorCode.NOT_LEADER_OR_FOLLOWER, 1);

            Message request = twoPartitions(topic, "by-id");
            request.get(ProduceRequest.TOPIC_DATA).get(0).set(ProduceRequest.TopicProduceData.TOPIC_ID, id);
            Message response = client.call(ApiKey.PRODUCE, 13, request);

            List<Message> topics = response.get(ProduceResponse.RESPONSES);
            assertEquals(1, topics.size(), "the failed partition joins its topic's entry: " + response);
            assertEquals(id, topics.get(0).get(ProduceResponse.TopicProduceResponse.TOPIC_ID));
            Map<Integer, Message> partitions = new LinkedHashMap<>();
            for (Message p : topics.get(0).get(ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES)) {
                partitions.put(p.get(ProduceResponse.PartitionProduceResponse.INDEX), p);
            }
            assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER.code(), partitions.get(0).get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
            assertEquals(ErrorCode.NONE.code(), partitions.get(1).get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
            assertEquals(1, fault.fired());
            assertEquals(0L, client.logEndOffset(topic, 0));
            assertEquals(2L, client.logEndOffset(topic, 1));
        }
    }

    @Test
    void fetchFaultsFailOnePartitionOrTheWholeRequest() throws IOException {
        try (RawClient client = connect()) {
            String topic = newTopic(client);
            client.call(ApiKey.PRODUCE, PRODUCE_BY_NAME, twoPartitions(topic, "fetched"));

            Fault partitionFault = faults().failPartition(ApiKey.FETCH, topic, 0, ErrorCode.NOT_LEADER_OR_FOLLOWER, 1);
            Message response = client.call(ApiKey.FETCH, FETCH_BY_NAME, fetchBoth(topic));
            Map<Integer, Message> partitions = fetchPartitions(response);
            assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER.code(), partitions.get(0).get(FetchResponse.PartitionData.ERROR_CODE));
            assertEquals(ErrorCode.NONE.code(), partitions.get(1).get(FetchResponse.PartitionData.ERROR_CODE));
            assertEquals(2L, partitions.get(1).get(FetchResponse.PartitionData.HIGH_WATERMARK));
            assertTrue(partitions.get(1).get(FetchResponse.PartitionData.RECORDS).hasRemaining(), "partition 1 is read");
            assertEquals(1, partitionFault.fired());

            Fault whole = faults().failRequests(ApiKey.FETCH, ErrorCode.UNKNOWN_SERVER_ERROR, 1);
            Map<Integer, Message> failed = fetchPartitions(client.call(ApiKey.FETCH, FETCH_BY_NAME, fetchBoth(topic)));
            assertEquals(2, failed.size());
            for (Message p : failed.values()) {
                assertEquals(ErrorCode.UNKNOWN_SERVER_ERROR.code(), p.get(FetchResponse.PartitionData.ERROR_CODE));
            }
            assertTrue(whole.exhausted());

            Map<Integer, Message> healthy = fetchPartitions(client.call(ApiKey.FETCH, FETCH_BY_NAME, fetchBoth(topic)));
            assertEquals(ErrorCode.NONE.code(), healthy.get(0).get(FetchResponse.PartitionData.ERROR_CODE));
            assertEquals(3L, healthy.get(0).get(FetchResponse.PartitionData.HIGH_WATERMARK));
        }
    }

    @Test
    void aListOffsetsFaultHoldsBackOnePartitionsOffsetWhileTheOtherIsListed() throws IOException {
        try (RawClient client = connect()) {
            String topic = newTopic(client);
            client.call(ApiKey.PRODUCE, PRODUCE_BY_NAME, twoPartitions(topic, "listed"));
            Fault fault = faults().failPartition(ApiKey.LIST_OFFSETS, topic, 1, ErrorCode.LEADER_NOT_AVAILABLE, 1);

            Map<Integer, Message> first = listedPartitions(client.call(ApiKey.LIST_OFFSETS, 7, latestOfBoth(topic)));
            assertEquals(List.of(0, 1), first.keySet().stream().sorted().toList(), "both partitions are answered");
            assertEquals(ErrorCode.NONE.code(), first.get(0).get(ListOffsetsResponse.ListOffsetsPartitionResponse.ERROR_CODE));
            assertEquals(3L, first.get(0).get(ListOffsetsResponse.ListOffsetsPartitionResponse.OFFSET));
            assertEquals(ErrorCode.LEADER_NOT_AVAILABLE.code(),
                    first.get(1).get(ListOffsetsResponse.ListOffsetsPartitionResponse.ERROR_CODE));
            assertTrue(fault.exhausted());

            Map<Integer, Message> second = listedPartitions(client.call(ApiKey.LIST_OFFSETS, 7, latestOfBoth(topic)));
            assertEquals(ErrorCode.NONE.code(), second.get(1).get(ListOffsetsResponse.ListOffsetsPartitionResponse.ERROR_CODE));
            assertEquals(2L, second.get(1).get(ListOffsetsResponse.ListOffsetsPartitionResponse.OFFSET));
        }
    }

    private static Message latestOfBoth(String topic) {
        List<Message> partitions = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            partitions.add(Message.of(ListOffsetsRequest.ListOffsetsPartition.SCHEMA)
                    .set(ListOffsetsRequest.ListOffsetsPartition.PARTITION_INDEX, p)
                    .set(ListOffsetsRequest.ListOffsetsPartition.TIMESTAMP, -1L));
        }
        Message t = Message.of(ListOffsetsRequest.ListOffsetsTopic.SCHEMA)
                .set(ListOffsetsRequest.ListOffsetsTopic.NAME, topic)
                .set(ListOffsetsRequest.ListOffsetsTopic.PARTITIONS, partitions);
        return ListOffsetsRequest.SCHEMA.newMessage().set(ListOffsetsRequest.REPLICA_ID, -1)
                .set(ListOffsetsRequest.TOPICS, new ArrayList<>(List.of(t)));
    }

    private static Map<Integer, Message> listedPartitions(Message response) {
        Map<Integer, Message> out = new LinkedHashMap<>();
        for (Message t : response.get(ListOffsetsResponse.TOPICS)) {
            for (Message p : t.get(ListOffsetsResponse.ListOffsetsTopicResponse.PARTITIONS)) {
                out.put(p.get(ListOffsetsResponse.ListOffsetsPartitionResponse.PARTITION_INDEX), p);
            }
        }
        return out;
    }

    @Test
    void delayResponsesHoldsTheResponseBackByTheDelay() throws IOException {
        Duration delay = Duration.ofMillis(300);
        try (RawClient client = connect()) {
            Fault fault = faults().delayResponses(ApiKey.API_VERSIONS, delay, 1);
            long sent = System.nanoTime();
            Message delayed = client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            long took = System.nanoTime() - sent;
            assertEquals(ErrorCode.NONE.code(), delayed.get(ApiVersionsResponse.ERROR_CODE), "a delayed response is intact");
            assertTrue(took >= delay.toNanos(), "the response came after " + took / 1_000_000 + " ms, before the "
                    + delay.toMillis() + " ms delay");
            assertEquals(1, fault.fired());
            assertTrue(fault.exhausted());
        }
    }

    @Test
    void aDelayedResponseStillKeepsTheConnectionsOrder() throws IOException {
        try (RawClient client = connect()) {
            faults().delayResponses(ApiKey.METADATA, Duration.ofMillis(200), 1);
            int first = client.send(ApiKey.METADATA, 12, RawClient.metadata(List.of()));
            int second = client.send(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            assertEquals(first, client.read(ApiKey.METADATA, 12).correlationId());
            assertEquals(second, client.read(ApiKey.API_VERSIONS, 3).correlationId());
        }
    }

    @Test
    void dropConnectionClosesTheConnectionOnTheNextMatchingRequestOnly() throws IOException {
        try (RawClient client = connect()) {
            String topic = newTopic(client);
            Fault fault = faults().dropConnection(ApiKey.PRODUCE, 1);

            // Other APIs pass untouched.
            assertEquals(ErrorCode.NONE.code(),
                    client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions()).get(ApiVersionsResponse.ERROR_CODE));
            assertEquals(0, fault.fired());

            client.send(ApiKey.PRODUCE, PRODUCE_BY_NAME, twoPartitions(topic, "dropped"));
            assertTrue(client.readHitsEnd(), "the connection is closed instead of answered");
            assertEquals(1, fault.fired());
            assertTrue(fault.exhausted());
        }
        try (RawClient again = connect()) {
            String topic = "faults-" + topicCount;
            assertEquals(0L, again.logEndOffset(topic, 0), "a dropped request is not served");
            Message response = again.call(ApiKey.PRODUCE, PRODUCE_BY_NAME, twoPartitions(topic, "after"));
            for (Message p : producePartitions(response, topic).values()) {
                assertEquals(ErrorCode.NONE.code(), p.get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
            }
            assertEquals(3L, again.logEndOffset(topic, 0));
        }
    }

    @Test
    void aCancelledFaultNoLongerFires() throws IOException {
        try (RawClient client = connect()) {
            Fault fault = faults().failRequests(ApiKey.INIT_PRODUCER_ID, ErrorCode.COORDINATOR_NOT_AVAILABLE, 5);
            assertEquals(0, fault.fired());
            assertFalse(fault.exhausted());

            assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE.code(), initProducerIdError(client));
            assertEquals(1, fault.fired());
            assertFalse(fault.exhausted());

            fault.cancel();
            assertTrue(fault.exhausted(), "a cancelled fault counts as exhausted");
            assertEquals(ErrorCode.NONE.code(), initProducerIdError(client));
            assertEquals(1, fault.fired(), "fired() keeps what happened before the cancel");
        }
    }

    @Test
    void rulesAreCheckedInOrderAndTheFirstWithFiringsLeftActs() throws IOException {
        try (RawClient client = connect()) {
            Fault first = faults().failRequests(ApiKey.INIT_PRODUCER_ID, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, 1);
            Fault second = faults().failRequests(ApiKey.INIT_PRODUCER_ID, ErrorCode.NOT_COORDINATOR, 1);
            assertEquals(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS.code(), initProducerIdError(client));
            assertEquals(ErrorCode.NOT_COORDINATOR.code(), initProducerIdError(client));
            assertEquals(ErrorCode.NONE.code(), initProducerIdError(client));
            assertEquals(1, first.fired());
            assertEquals(1, second.fired());
        }
    }

    @Test
    void clearWithdrawsEveryRule() throws IOException {
        try (RawClient client = connect()) {
            Fault a = faults().failRequests(ApiKey.INIT_PRODUCER_ID, ErrorCode.COORDINATOR_NOT_AVAILABLE, 3);
            Fault b = faults().dropConnection(ApiKey.API_VERSIONS, 3);
            faults().clear();
            assertTrue(a.exhausted() && b.exhausted());
            assertEquals(ErrorCode.NONE.code(), initProducerIdError(client));
            assertEquals(ErrorCode.NONE.code(),
                    client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions()).get(ApiVersionsResponse.ERROR_CODE));
            assertEquals(0, a.fired() + b.fired());
        }
    }

    @Test
    void faultsThatCannotBeExpressedAreRefusedWhenAsked() {
        IllegalArgumentException noErrorCode = assertThrows(IllegalArgumentException.class,
                () -> faults().failRequests(ApiKey.CREATE_TOPICS, ErrorCode.NOT_CONTROLLER, 1));
        assertTrue(noErrorCode.getMessage().contains("CreateTopics"), noErrorCode.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> faults().failRequests(ApiKey.LIST_OFFSETS, ErrorCode.NOT_LEADER_OR_FOLLOWER, 1));
        assertThrows(IllegalArgumentException.class,
                () -> faults().failRequests(ApiKey.OFFSET_COMMIT, ErrorCode.NOT_COORDINATOR, 1));
        assertThrows(IllegalArgumentException.class,
                () -> faults().failPartition(ApiKey.METADATA, "t", 0, ErrorCode.LEADER_NOT_AVAILABLE, 1));
        assertThrows(IllegalArgumentException.class,
                () -> faults().failRequests(ApiKey.PRODUCE, ErrorCode.NOT_LEADER_OR_FOLLOWER, 0));
        assertThrows(IllegalArgumentException.class,
                () -> faults().delayResponses(ApiKey.PRODUCE, Duration.ofMillis(-1), 1));
        assertThrows(NullPointerException.class, () -> faults().failRequests(ApiKey.PRODUCE, null, 1));
    }

    /**
     * An API whose top-level error code moved between versions: the injected error must reach the client
     * at every version, in the place that version carries it, and the connection must survive.
     */
    @ParameterizedTest(name = "{0} v{1}")
    @CsvSource({
            "INIT_PRODUCER_ID, 5", "INIT_PRODUCER_ID, 0",
            "FIND_COORDINATOR, 3", "FIND_COORDINATOR, 6",
            "OFFSET_FETCH, 7", "OFFSET_FETCH, 9",
            "METADATA, 12", "METADATA, 13",
    })
    void failRequestsReachesTheClientAtEveryVersion(ApiKey api, short version) throws IOException {
        ErrorCode error = api == ApiKey.METADATA ? ErrorCode.UNKNOWN_SERVER_ERROR : ErrorCode.COORDINATOR_NOT_AVAILABLE;
        try (RawClient client = connect()) {
            Fault fault = faults().failRequests(api, error, 1);
            Message response = client.call(api, version, request(api, version));
            assertEquals(error.code(), errorOf(api, version, response), api + " v" + version + ": " + response);
            assertEquals(1, fault.fired());

            Message served = client.call(api, version, request(api, version));
            assertEquals(ErrorCode.NONE.code(), errorOf(api, version, served), "served normally once the fault is spent");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static Message twoPartitions(String topic, String prefix) {
        Map<Integer, ByteBuffer> batches = new LinkedHashMap<>();
        batches.put(0, RawClient.batch(prefix + "-p0", 3));
        batches.put(1, RawClient.batch(prefix + "-p1", 2));
        return RawClient.produce(topic, batches);
    }

    private static Message fetchBoth(String topic) {
        Message request = RawClient.fetch(topic, 0, 0, 0, 0);
        Message second = RawClient.fetch(topic, 1, 0, 0, 0).get(io.petrel.protocol.schemas.FetchRequest.TOPICS).get(0)
                .get(io.petrel.protocol.schemas.FetchRequest.FetchTopic.PARTITIONS).get(0);
        Message t = request.get(io.petrel.protocol.schemas.FetchRequest.TOPICS).get(0);
        List<Message> partitions = new ArrayList<>(t.get(io.petrel.protocol.schemas.FetchRequest.FetchTopic.PARTITIONS));
        partitions.add(second);
        t.set(io.petrel.protocol.schemas.FetchRequest.FetchTopic.PARTITIONS, partitions);
        return request;
    }

    private static Map<Integer, Message> producePartitions(Message response, String topic) {
        Map<Integer, Message> byIndex = new java.util.TreeMap<>();
        for (Message t : response.get(ProduceResponse.RESPONSES)) {
            assertEquals(topic, t.get(ProduceResponse.TopicProduceResponse.NAME));
            for (Message p : t.get(ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES)) {
                assertEquals(null, byIndex.put(p.get(ProduceResponse.PartitionProduceResponse.INDEX), p),
                        "each partition answered once: " + response);
            }
        }
        return byIndex;
    }

    private static Map<Integer, Message> fetchPartitions(Message response) {
        Map<Integer, Message> byIndex = new java.util.TreeMap<>();
        for (Message t : response.get(FetchResponse.RESPONSES)) {
            for (Message p : t.get(FetchResponse.FetchableTopicResponse.PARTITIONS)) {
                assertEquals(null, byIndex.put(p.get(FetchResponse.PartitionData.PARTITION_INDEX), p),
                        "each partition answered once: " + response);
            }
        }
        return byIndex;
    }

    private static UUID topicId(RawClient client, String topic) throws IOException {
        Message metadata = client.call(ApiKey.METADATA, 12, RawClient.metadata(List.of(topic)));
        UUID id = metadata.get(MetadataResponse.TOPICS).get(0).get(MetadataResponse.MetadataResponseTopic.TOPIC_ID);
        assertNotEquals(new UUID(0, 0), id);
        return id;
    }

    private static short initProducerIdError(RawClient client) throws IOException {
        return client.call(ApiKey.INIT_PRODUCER_ID, 5, request(ApiKey.INIT_PRODUCER_ID, (short) 5)).get(InitProducerIdResponse.ERROR_CODE);
    }

    private static Message request(ApiKey api, short version) {
        return switch (api) {
            case INIT_PRODUCER_ID -> InitProducerIdRequest.SCHEMA.newMessage()
                    .set(InitProducerIdRequest.TRANSACTIONAL_ID, null)
                    .set(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS, 60_000);
            case FIND_COORDINATOR -> version < 4
                    ? FindCoordinatorRequest.SCHEMA.newMessage().set(FindCoordinatorRequest.KEY, "fault-group")
                    : FindCoordinatorRequest.SCHEMA.newMessage().set(FindCoordinatorRequest.COORDINATOR_KEYS, List.of("fault-group"));
            case OFFSET_FETCH -> version < 8
                    ? OffsetFetchRequest.SCHEMA.newMessage()
                    .set(OffsetFetchRequest.GROUP_ID, "fault-group")
                    .set(OffsetFetchRequest.TOPICS, null)
                    : OffsetFetchRequest.SCHEMA.newMessage()
                    .set(OffsetFetchRequest.GROUPS, List.of(Message.of(OffsetFetchRequest.OffsetFetchRequestGroup.SCHEMA)
                            .set(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID, "fault-group")
                            .set(OffsetFetchRequest.OffsetFetchRequestGroup.TOPICS, null)));
            case METADATA -> RawClient.metadata(List.of("faults-metadata-probe"));
            default -> throw new IllegalArgumentException(api.toString());
        };
    }

    /** The error a client reads from the response, wherever this version of the API carries it. */
    private static short errorOf(ApiKey api, short version, Message response) {
        return switch (api) {
            case INIT_PRODUCER_ID -> response.get(InitProducerIdResponse.ERROR_CODE);
            case FIND_COORDINATOR -> version < 4 ? response.get(FindCoordinatorResponse.ERROR_CODE)
                    : single(response.get(FindCoordinatorResponse.COORDINATORS)).get(FindCoordinatorResponse.Coordinator.ERROR_CODE);
            case OFFSET_FETCH -> version < 8 ? response.get(OffsetFetchResponse.ERROR_CODE)
                    : single(response.get(OffsetFetchResponse.GROUPS)).get(OffsetFetchResponse.OffsetFetchResponseGroup.ERROR_CODE);
            case METADATA -> {
                if (version >= 13 && response.get(MetadataResponse.ERROR_CODE) != 0) {
                    yield response.get(MetadataResponse.ERROR_CODE);
                }
                // Before v13 there is no top-level error: each requested topic carries it. A topic that
                // does not exist is UNKNOWN_TOPIC_OR_PARTITION when served normally; count that as served.
                short topicError = single(response.get(MetadataResponse.TOPICS)).get(MetadataResponse.MetadataResponseTopic.ERROR_CODE);
                yield topicError == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code() ? ErrorCode.NONE.code() : topicError;
            }
            default -> throw new IllegalArgumentException(api.toString());
        };
    }

    private static Message single(List<Message> list) {
        assertEquals(1, list.size(), "expected exactly one entry: " + list);
        return list.get(0);
    }
}
