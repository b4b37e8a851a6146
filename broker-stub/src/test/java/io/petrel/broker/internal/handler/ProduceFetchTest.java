package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.handler.Requests.FetchTarget;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.RecordBatches;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.FetchResponse.FetchableTopicResponse;
import io.petrel.protocol.schemas.FetchResponse.PartitionData;
import io.petrel.protocol.schemas.ListOffsetsResponse;
import io.petrel.protocol.schemas.ListOffsetsResponse.ListOffsetsPartitionResponse;
import io.petrel.protocol.schemas.ListOffsetsResponse.ListOffsetsTopicResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.PartitionProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.TopicProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProduceFetchTest {
    private static final short PRODUCE_V = 11;
    private static final short FETCH_V = 12;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private HandlerFixture fx;
    private Topic topic;

    @BeforeEach
    void setUp() throws Exception {
        fx = new HandlerFixture(dir);
        topic = fx.topics.create("events", 2, Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private Message produce(short version, short acks, String name, int partition, ByteBuffer records) {
        return fx.call(ApiKey.PRODUCE, version, Requests.produce(acks, name, topic.id(), partition, records));
    }

    private static Message onlyPartition(Message produceResponse) {
        Message t = produceResponse.get(ProduceResponse.RESPONSES).get(0);
        return t.get(TopicProduceResponse.PARTITION_RESPONSES).get(0);
    }

    /** The index-th partition of the response, counting through its topics in order (Kafka groups a topic's
     * consecutive partitions under one topic entry). */
    private static Message fetchedPartition(Message fetchResponse, int index) {
        List<Message> all = new ArrayList<>();
        for (Message t : fetchResponse.get(FetchResponse.RESPONSES)) {
            all.addAll(t.get(FetchableTopicResponse.PARTITIONS));
        }
        return all.get(index);
    }

    /** Fetches, then decodes the encoded response, so records read back from the segment files. */
    private Message fetch(short version, Message request) {
        Message body = fx.call(ApiKey.FETCH, version, request);
        HandlerFixture.parseWithKafka(ApiKey.FETCH, body, version);
        return FetchResponse.SCHEMA.read(HandlerFixture.encode(ApiKey.FETCH, body, version), version);
    }

    private static Message decoded(Response response) {
        Message body = assertInstanceOf(Response.Body.class, response).body();
        return FetchResponse.SCHEMA.read(HandlerFixture.encode(ApiKey.FETCH, body, FETCH_V), FETCH_V);
    }

    private Message fetch(Message request) {
        return fetch(FETCH_V, request);
    }

    private static List<Record> records(Message partitionData) {
        List<Record> all = new ArrayList<>();
        ByteBuffer bytes = partitionData.get(PartitionData.RECORDS);
        if (bytes == null) {
            return all;
        }
        for (RecordBatch batch : RecordBatches.of(bytes)) {
            batch.validate();
            for (Record r : batch) {
                all.add(r);
            }
        }
        return all;
    }

    @Test
    void produceThenFetchRoundTrip() {
        Message response = produce(PRODUCE_V, (short) -1, "events", 0, HandlerFixture.batch(3, T0));
        Message p = onlyPartition(response);
        assertEquals(ErrorCode.NONE.code(), p.get(PartitionProduceResponse.ERROR_CODE));
        assertEquals(0L, p.get(PartitionProduceResponse.BASE_OFFSET));
        assertEquals(-1L, p.get(PartitionProduceResponse.LOG_APPEND_TIME_MS));
        assertEquals(0L, p.get(PartitionProduceResponse.LOG_START_OFFSET));

        Message second = onlyPartition(produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(2, T0 + 10)));
        assertEquals(3L, second.get(PartitionProduceResponse.BASE_OFFSET));

        Message fetched = fetch(Requests.fetch(0, 1, 1 << 20,
                new FetchTarget("events", topic.id(), 0, 0, 1 << 20)));
        Message data = fetchedPartition(fetched, 0);
        assertEquals(ErrorCode.NONE.code(), data.get(PartitionData.ERROR_CODE));
        assertEquals(5L, data.get(PartitionData.HIGH_WATERMARK));
        assertEquals(5L, data.get(PartitionData.LAST_STABLE_OFFSET));
        assertEquals(0L, data.get(PartitionData.LOG_START_OFFSET));
        List<Record> records = records(data);
        assertEquals(5, records.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, records.get(i).offset());
        }
        assertEquals("v0", new String(records.get(0).valueBytes(), StandardCharsets.UTF_8));
        assertEquals("v1", new String(records.get(4).valueBytes(), StandardCharsets.UTF_8));
        assertEquals(T0 + 11, records.get(4).timestamp());
    }

    @Test
    void fetchByTopicIdFromVersion13() {
        produce((short) 13, (short) -1, "ignored-by-v13", 1, HandlerFixture.batch(1, T0));
        Message fetched = fetch((short) 13, Requests.fetch(0, 1, 1 << 20,
                new FetchTarget("ignored", topic.id(), 1, 0, 1 << 20)));
        Message t = fetched.get(FetchResponse.RESPONSES).get(0);
        assertEquals(topic.id(), t.get(FetchableTopicResponse.TOPIC_ID));
        assertEquals(1, records(t.get(FetchableTopicResponse.PARTITIONS).get(0)).size());

        Message unknown = fetch((short) 13, Requests.fetch(0, 1, 1 << 20,
                new FetchTarget("x", UUID.randomUUID(), 0, 0, 1 << 20)));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID.code(), fetchedPartition(unknown, 0).get(PartitionData.ERROR_CODE));
    }

    @Test
    void acksZeroAppendsAndSendsNoResponse() throws Exception {
        CompletableFuture<Response> future = fx.send(ApiKey.PRODUCE, PRODUCE_V,
                Requests.produce((short) 0, "events", topic.id(), 0, HandlerFixture.batch(2, T0)));
        assertSame(Response.none(), future.get(5, TimeUnit.SECONDS));
        assertEquals(2L, fx.topics.partition("events", 0).logEndOffset());
    }

    @Test
    void fetchFromTheMiddleReturnsTheBatchHoldingTheOffset() {
        produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(3, T0));
        produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(3, T0 + 3));
        Message fetched = fetch(Requests.fetch(0, 1, 1 << 20,
                new FetchTarget("events", topic.id(), 0, 4, 1 << 20)));
        List<Record> records = records(fetchedPartition(fetched, 0));
        assertEquals(3L, records.get(0).offset(), "the whole batch containing offset 4 comes back");
        assertEquals(5L, records.get(records.size() - 1).offset());
    }

    @Test
    void fetchAtTheEndIsEmptyAndPastTheEndIsOutOfRange() {
        produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(2, T0));
        Message atEnd = fetchedPartition(fetch(Requests.fetch(0, 0, 1 << 20,
                new FetchTarget("events", topic.id(), 0, 2, 1 << 20))), 0);
        assertEquals(ErrorCode.NONE.code(), atEnd.get(PartitionData.ERROR_CODE));
        assertEquals(0, records(atEnd).size());

        Message past = fetchedPartition(fetch(Requests.fetch(0, 0, 1 << 20,
                new FetchTarget("events", topic.id(), 0, 99, 1 << 20))), 0);
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE.code(), past.get(PartitionData.ERROR_CODE));
        assertEquals(-1L, past.get(PartitionData.HIGH_WATERMARK));
    }

    @Test
    void unknownTopicAndPartitionAreReported() {
        Message unknownTopic = fetchedPartition(fetch(Requests.fetch(0, 0, 1 << 20,
                new FetchTarget("nope", topic.id(), 0, 0, 1 << 20))), 0);
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), unknownTopic.get(PartitionData.ERROR_CODE));
        Message unknownPartition = fetchedPartition(fetch(Requests.fetch(0, 0, 1 << 20,
                new FetchTarget("events", topic.id(), 7, 0, 1 << 20))), 0);
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), unknownPartition.get(PartitionData.ERROR_CODE));
    }

    @Test
    void maxBytesBoundsTheResponseButTheFirstPartitionGetsOneWholeBatch() {
        ByteBuffer big = HandlerFixture.batch(50, T0);
        int batchSize = big.remaining();
        produce(PRODUCE_V, (short) 1, "events", 0, big);
        produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(50, T0));
        produce(PRODUCE_V, (short) 1, "events", 1, HandlerFixture.batch(50, T0));

        // max_bytes smaller than one batch: partition 0 still gets its first batch; partition 1 nothing.
        Message fetched = fetch(Requests.fetch(0, 1, 10,
                new FetchTarget("events", topic.id(), 0, 0, 1 << 20),
                new FetchTarget("events", topic.id(), 1, 0, 1 << 20)));
        List<Record> first = records(fetchedPartition(fetched, 0));
        assertEquals(50, first.size(), "exactly the first batch");
        assertEquals(0, records(fetchedPartition(fetched, 1)).size());
        assertEquals(50L, fetchedPartition(fetched, 1).get(PartitionData.HIGH_WATERMARK));

        // partition_max_bytes of one and a half batches returns one batch, the whole budget both.
        Message bounded = fetch(Requests.fetch(0, 1, 1 << 20,
                new FetchTarget("events", topic.id(), 0, 0, batchSize + batchSize / 2)));
        assertEquals(50, records(fetchedPartition(bounded, 0)).size());
        Message all = fetch(Requests.fetch(0, 1, 1 << 20,
                new FetchTarget("events", topic.id(), 0, 0, 2 * batchSize)));
        assertEquals(100, records(fetchedPartition(all, 0)).size());
    }

    @Test
    void longPollCompletesWhenDataIsAppended() throws Exception {
        CompletableFuture<Response> pending = fx.send(ApiKey.FETCH, FETCH_V, Requests.fetch(30_000, 1, 1 << 20,
                new FetchTarget("events", topic.id(), 1, 0, 1 << 20)));
        assertFalse(pending.isDone(), "nothing to read yet, so the fetch waits");
        produce(PRODUCE_V, (short) 1, "events", 1, HandlerFixture.batch(2, T0));
        Response response = pending.get(5, TimeUnit.SECONDS);
        Message data = fetchedPartition(decoded(response), 0);
        assertEquals(2, records(data).size());
        assertEquals(0, waiters().waitingCount(), "the completed fetch unregistered");
    }

    @Test
    void longPollsAnsweredByAppendsLeaveNoTimerQueued() throws Exception {
        // The timer of a parked fetch holds that fetch and, once answered, its response: a scheduler that kept
        // cancelled timers queued until their time held every fetch of the last max_wait_ms (100 here, 60 s each).
        int queuedBefore = fx.scheduler.getQueue().size();
        for (int offset = 0; offset < 100; offset++) {
            CompletableFuture<Response> pending = fx.send(ApiKey.FETCH, FETCH_V, Requests.fetch(60_000, 1, 1 << 20,
                    new FetchTarget("events", topic.id(), 1, offset, 1 << 20)));
            assertFalse(pending.isDone(), "nothing at offset " + offset + " yet, so the fetch waits");
            produce(PRODUCE_V, (short) 1, "events", 1, HandlerFixture.batch(1, T0));
            assertEquals(1, records(fetchedPartition(decoded(pending.get(5, TimeUnit.SECONDS)), 0)).size());
        }
        assertEquals(queuedBefore, fx.scheduler.getQueue().size(), "tasks queued on the broker's scheduler");
    }

    @Test
    void longPollWaitsForMinBytesAcrossAppends() throws Exception {
        int oneBatch = HandlerFixture.batch(1, T0).remaining();
        CompletableFuture<Response> pending = fx.send(ApiKey.FETCH, FETCH_V, Requests.fetch(30_000,
                oneBatch + 1, 1 << 20, new FetchTarget("events", topic.id(), 0, 0, 1 << 20)));
        produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(1, T0));
        assertFalse(pending.isDone(), "one batch is below min_bytes");
        produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(1, T0));
        Message body = decoded(pending.get(5, TimeUnit.SECONDS));
        assertEquals(2, records(fetchedPartition(body, 0)).size());
    }

    @Test
    void aFetchParkingWhileAnAppendLandsIsWokenByThatAppend() throws Exception {
        // A fetch that finds nothing registers for appends and then reads again, so an append landing between its
        // first read and its registration still wakes it. Raced here many times: a lost wake-up leaves the fetch
        // waiting out its 60 s max wait, far past the 10 s each round is given.
        ExecutorService appender = Executors.newSingleThreadExecutor();
        try {
            for (int offset = 0; offset < 300; offset++) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Message> appended = appender.submit(() -> {
                    start.await();
                    return produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(1, T0));
                });
                start.await();
                CompletableFuture<Response> pending = fx.send(ApiKey.FETCH, FETCH_V, Requests.fetch(60_000, 1,
                        1 << 20, new FetchTarget("events", topic.id(), 0, offset, 1 << 20)));
                assertEquals(ErrorCode.NONE.code(),
                        onlyPartition(appended.get(10, TimeUnit.SECONDS)).get(PartitionProduceResponse.ERROR_CODE));
                List<Record> fetched = records(fetchedPartition(decoded(pending.get(10, TimeUnit.SECONDS)), 0));
                assertEquals(offset, fetched.get(0).offset(), "the fetch returned the record appended in the race");
            }
        } finally {
            appender.shutdownNow();
        }
        assertEquals(0, waiters().waitingCount(), "every fetch unregistered");
    }

    @Test
    void longPollCompletesEmptyOnTimeout() throws Exception {
        CompletableFuture<Response> pending = fx.send(ApiKey.FETCH, FETCH_V, Requests.fetch(50, 1, 1 << 20,
                new FetchTarget("events", topic.id(), 0, 0, 1 << 20)));
        Message body = decoded(pending.get(5, TimeUnit.SECONDS));
        Message data = fetchedPartition(body, 0);
        assertEquals(ErrorCode.NONE.code(), data.get(PartitionData.ERROR_CODE));
        assertEquals(0, records(data).size());
        assertEquals(0L, data.get(PartitionData.HIGH_WATERMARK));
        assertEquals(0, waiters().waitingCount());
    }

    @Test
    void anIncrementalFetchOfAnUnknownSessionIsRefused() {
        Message request = Requests.fetch(0, 1, 1 << 20, new FetchTarget("events", topic.id(), 0, 0, 1 << 20))
                .set(FetchRequest.SESSION_ID, 1234)
                .set(FetchRequest.SESSION_EPOCH, 3);
        Message body = fetch(request);
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code(), body.get(FetchResponse.ERROR_CODE));
        assertEquals(0, body.get(FetchResponse.SESSION_ID));
        assertTrue(body.get(FetchResponse.RESPONSES).isEmpty());
    }

    @Test
    void produceErrorsPerPartition() throws Exception {
        Message unknownTopic = onlyPartition(produce(PRODUCE_V, (short) 1, "missing", 0, HandlerFixture.batch(1, T0)));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), unknownTopic.get(PartitionProduceResponse.ERROR_CODE));
        assertEquals(-1L, unknownTopic.get(PartitionProduceResponse.BASE_OFFSET));
        assertTrue(fx.topics.topic("missing").isEmpty(), "Produce does not create topics");

        Message unknownPartition = onlyPartition(produce(PRODUCE_V, (short) 1, "events", 5, HandlerFixture.batch(1, T0)));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(),
                unknownPartition.get(PartitionProduceResponse.ERROR_CODE));

        Message badAcks = onlyPartition(produce(PRODUCE_V, (short) 2, "events", 0, HandlerFixture.batch(1, T0)));
        assertEquals(ErrorCode.INVALID_REQUIRED_ACKS.code(), badAcks.get(PartitionProduceResponse.ERROR_CODE));

        ByteBuffer two = ByteBuffer.allocate(2 * HandlerFixture.batch(1, T0).remaining());
        two.put(HandlerFixture.batch(1, T0)).put(HandlerFixture.batch(1, T0)).flip();
        Message twoBatches = onlyPartition(produce(PRODUCE_V, (short) 1, "events", 0, two));
        assertEquals(ErrorCode.INVALID_RECORD.code(), twoBatches.get(PartitionProduceResponse.ERROR_CODE));
        assertNotNull(twoBatches.get(PartitionProduceResponse.ERROR_MESSAGE));

        Message byUnknownId = onlyPartition(fx.call(ApiKey.PRODUCE, (short) 13,
                Requests.produce((short) 1, "events", UUID.randomUUID(), 0, HandlerFixture.batch(1, T0))));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_ID.code(), byUnknownId.get(PartitionProduceResponse.ERROR_CODE));
        assertEquals(0L, fx.topics.partition("events", 0).logEndOffset(), "nothing was appended");
    }

    @Test
    void transactionalBatchesNeedATransactionalIdAndAnOpenTransaction() throws Exception {
        RecordBatchBuilder builder = new RecordBatchBuilder(0).producer(5, (short) 0, 0).transactional(true);
        builder.append(T0, null, "v".getBytes(StandardCharsets.UTF_8));
        ByteBuffer txnBatch = builder.build();
        Message withoutId = onlyPartition(produce(PRODUCE_V, (short) -1, "events", 0, txnBatch.duplicate()));
        assertEquals(ErrorCode.INVALID_REQUEST.code(), withoutId.get(PartitionProduceResponse.ERROR_CODE));
        assertTrue(withoutId.get(PartitionProduceResponse.ERROR_MESSAGE).contains("without a transactional id"),
                withoutId.get(PartitionProduceResponse.ERROR_MESSAGE));

        Message request = Requests.produce((short) -1, "events", topic.id(), 0, txnBatch.duplicate())
                .set(ProduceRequest.TRANSACTIONAL_ID, "txn-never-initialized");
        Message unknown = onlyPartition(fx.call(ApiKey.PRODUCE, PRODUCE_V, request));
        assertEquals(ErrorCode.INVALID_TXN_STATE.code(), unknown.get(PartitionProduceResponse.ERROR_CODE));
        assertTrue(unknown.get(PartitionProduceResponse.ERROR_MESSAGE).contains("txn-never-initialized"));
        assertEquals(0L, fx.topics.partition("events", 0).logEndOffset(), "nothing was appended");
    }

    @Test
    void acksAllIsMetWhenMinInsyncReplicasExceedsTheReplicationFactor() throws Exception {
        // Kafka 4.x caps the min ISR a write needs at the replication factor, 1 on this node.
        fx.topics.create("strict", 1, Map.of("min.insync.replicas", "2"));
        Message all = onlyPartition(produce(PRODUCE_V, (short) -1, "strict", 0, HandlerFixture.batch(1, T0)));
        assertEquals(ErrorCode.NONE.code(), all.get(PartitionProduceResponse.ERROR_CODE));
        Message leader = onlyPartition(produce(PRODUCE_V, (short) 1, "strict", 0, HandlerFixture.batch(1, T0)));
        assertEquals(ErrorCode.NONE.code(), leader.get(PartitionProduceResponse.ERROR_CODE));
    }

    @Test
    void logAppendTimeTopicsReportTheAppendTime() throws Exception {
        fx.topics.create("stamped", 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long before = System.currentTimeMillis();
        Message p = onlyPartition(produce(PRODUCE_V, (short) 1, "stamped", 0, HandlerFixture.batch(1, T0)));
        assertTrue(p.get(PartitionProduceResponse.LOG_APPEND_TIME_MS) >= before);
    }

    @Test
    void listOffsetsEarliestLatestAndByTimestamp() {
        produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(3, T0));
        produce(PRODUCE_V, (short) 1, "events", 0, HandlerFixture.batch(3, T0 + 100));
        assertOffset(-2, 0, -1, 0);
        assertOffset(-1, 6, -1, 0);
        assertOffset(-4, 0, -1, 0);
        assertOffset(T0 + 1, 1, T0 + 1, 0);
        assertOffset(T0 + 50, 3, T0 + 100, 0);
        assertOffset(T0 + 1000, -1, -1, -1);
        assertOffset(-3, 5, T0 + 102, 0);
        assertOffset(-5, -1, -1, -1);
        assertOffset(-6, -1, -1, -1);

        Message unknown = fx.call(ApiKey.LIST_OFFSETS, (short) 8, Requests.listOffsets("missing", 0, -1));
        Message p = unknown.get(ListOffsetsResponse.TOPICS).get(0)
                .get(ListOffsetsTopicResponse.PARTITIONS).get(0);
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), p.get(ListOffsetsPartitionResponse.ERROR_CODE));
    }

    @Test
    void listOffsetsOfAnEmptyPartition() {
        assertOffset(-2, 0, -1, 0);
        assertOffset(-1, 0, -1, 0);
        assertOffset(-3, -1, -1, -1);
    }

    private void assertOffset(long timestamp, long offset, long foundTimestamp, int epoch) {
        Message response = fx.call(ApiKey.LIST_OFFSETS, (short) 9, Requests.listOffsets("events", 0, timestamp));
        Message p = response.get(ListOffsetsResponse.TOPICS).get(0).get(ListOffsetsTopicResponse.PARTITIONS).get(0);
        assertEquals(ErrorCode.NONE.code(), p.get(ListOffsetsPartitionResponse.ERROR_CODE), "timestamp " + timestamp);
        assertEquals(offset, p.get(ListOffsetsPartitionResponse.OFFSET), "offset for timestamp " + timestamp);
        assertEquals(foundTimestamp, p.get(ListOffsetsPartitionResponse.TIMESTAMP), "timestamp for " + timestamp);
        assertEquals(epoch, p.get(ListOffsetsPartitionResponse.LEADER_EPOCH), "epoch for " + timestamp);
    }

    private FetchWaiters waiters() {
        ProduceHandler produce = (ProduceHandler) fx.handler(ApiKey.PRODUCE);
        assertNotNull(produce);
        FetchHandler fetch = (FetchHandler) fx.handler(ApiKey.FETCH);
        return fetch.waiters();
    }
}
