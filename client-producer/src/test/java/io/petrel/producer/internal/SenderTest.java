package io.petrel.producer.internal;

import io.petrel.client.internal.metrics.MetricRegistry;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.producer.RecordMetadata;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sender loop driven by hand: a manual clock and a network the test answers, no threads, no sleeping. */
class SenderTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);

    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);
    private final ScriptedNetwork network = ScriptedProduce.network(1);
    private RecordAccumulator accumulator;
    private BufferPool pool;
    private Sender sender;

    private void start(Object... settings) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("bootstrap.servers", "localhost:9092");
        raw.put("linger.ms", 5);
        for (int i = 0; i < settings.length; i += 2) {
            raw.put((String) settings[i], settings[i + 1]);
        }
        ProducerSettings s = ProducerSettings.from(raw);
        accumulator = new RecordAccumulator(s.batchSize(), s.lingerMs(), s.compression(), s.compressionLevel(),
                new BatchArrays(BatchArrays.arraySizeFor(s.batchSize()), s.bufferMemory()), time, false);
        pool = new BufferPool(s.bufferMemory(), s.maxBlockMs(), time);
        RetryPolicy retry = new RetryPolicy(s.retries(), s.retryBackoffMs(), s.retryBackoffMaxMs(), s.deliveryTimeoutMs());
        sender = new Sender(s, accumulator, new PendingRecords(), pool, network, retry, new ProducerMetrics(MetricRegistry.forClient(s.values(), time, s.clientId())), time,
                new PartitionCounts(network.metadata(), time.nanoseconds()), (topic, n) -> { }, null);
    }

    /**
     * Starts an idempotent producer (linger.ms 0, batch.size 100) whose partition had a first batch (sequence 0, offset 0)
     * acknowledged, so it may have several batches in flight.
     */
    private void startPipelining() throws InterruptedException {
        start("linger.ms", 0, "batch.size", 100);
        append("first");
        nextRequest().answer(ErrorCode.NONE, 0);
        pump();
    }

    private CompletableFuture<RecordMetadata> append(String value) throws InterruptedException {
        return append(value, null);
    }

    private CompletableFuture<RecordMetadata> append(String value, io.petrel.producer.Callback callback)
            throws InterruptedException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int size = SerializedRecord.sizeUpperBound(null, bytes, null);
        pool.reserve(size, 0);
        RecordCompletion completion = RecordCompletion.of(callback, null);
        accumulator.append(P0.topic(), P0.partition(), time.milliseconds(), null, bytes, null, size, completion, false);
        return completion.future();
    }

    /** What the sender thread does when woken: another pass for whatever the last one put in its inbox. */
    private void pump() {
        sender.runOnce();
        sender.runOnce();
    }

    private ScriptedProduce nextRequest() {
        pump();
        return network.takeHeld(ApiKey.PRODUCE).map(ScriptedProduce::new)
                .orElseThrow(() -> new AssertionError("expected a Produce request"));
    }

    private void assertNoRequest() {
        pump();
        assertEquals(Optional.empty(), network.takeHeld(ApiKey.PRODUCE), "expected no Produce request yet");
    }

    @Test
    void aBatchLeavesOnceLingerIsOverWithProducerIdAndSequence() throws Exception {
        start();
        CompletableFuture<RecordMetadata> f = append("a");
        append("b");
        assertNoRequest();
        assertEquals(1, network.sent(ApiKey.INIT_PRODUCER_ID).size());
        clock.advance(Duration.ofMillis(5));
        ScriptedProduce sent = nextRequest();
        RecordBatch batch = sent.batch();
        assertEquals(42, batch.producerId());
        assertEquals(0, batch.baseSequence());
        assertEquals(2, batch.recordCount());
        sent.answer(ErrorCode.NONE, 100);
        pump();
        assertEquals(100, f.join().offset());
        assertEquals(pool.totalBytes(), pool.availableBytes(), "memory is given back on completion");
    }

    @Test
    void aRetriableErrorBacksOffThenResendsTheSameBytesAndSequence() throws Exception {
        start("linger.ms", 0, "retry.backoff.ms", 100, "retry.backoff.max.ms", 1000);
        CompletableFuture<RecordMetadata> f = append("a");
        ScriptedProduce first = nextRequest();
        first.answer(ErrorCode.NOT_LEADER_OR_FOLLOWER, -1);
        assertNoRequest();
        assertTrue(network.metadata().updates() > 0, "a leadership error asks for fresh metadata");
        clock.advance(Duration.ofMillis(79));
        assertNoRequest();
        clock.advance(Duration.ofMillis(42));
        ScriptedProduce second = nextRequest();
        assertEquals(first.batch().buffer(), second.batch().buffer(), "a retry sends the very same batch");
        second.answer(ErrorCode.NOT_LEADER_OR_FOLLOWER, -1);
        pump();
        clock.advance(Duration.ofMillis(159));
        assertNoRequest();
        clock.advance(Duration.ofMillis(82));
        nextRequest().answer(ErrorCode.NONE, 7);
        pump();
        assertEquals(7, f.join().offset());
    }

    @Test
    void aNewerLeaderNamedByTheRefusingBrokerIsFollowedAtOnceWithoutAMetadataRefresh() throws Exception {
        start("linger.ms", 0, "retry.backoff.ms", 100, "retry.backoff.max.ms", 1000);
        CompletableFuture<RecordMetadata> f = append("a");
        ScriptedProduce first = nextRequest();
        assertEquals(0, first.node());
        first.answer(ErrorCode.NOT_LEADER_OR_FOLLOWER, -1, 1, 1);
        ScriptedProduce second = nextRequest();
        assertEquals(1, second.node(), "the retry went to the hinted leader without backing off");
        assertEquals(first.batch().buffer(), second.batch().buffer(), "the very same batch");
        assertEquals(0, network.metadata().updates(), "no metadata refresh was needed");
        assertEquals(1, network.metadata().leaderHints());
        second.answer(ErrorCode.NONE, 3);
        pump();
        assertEquals(3, f.join().offset());
    }

    @Test
    void aHintNoNewerThanTheCachedLeaderEpochIsIgnoredAndMetadataIsRefreshed() throws Exception {
        start("linger.ms", 0, "retry.backoff.ms", 100, "retry.backoff.max.ms", 100);
        CompletableFuture<RecordMetadata> f = append("a");
        nextRequest().answer(ErrorCode.FENCED_LEADER_EPOCH, -1, 1, 0);
        assertNoRequest();
        assertEquals(0, network.metadata().leaderHints(), "epoch 0 is what the metadata has already");
        assertTrue(network.metadata().updates() > 0, "a refresh was asked for instead");
        clock.advance(Duration.ofMillis(121));
        ScriptedProduce retry = nextRequest();
        assertEquals(0, retry.node(), "still the leader the metadata names");
        retry.answer(ErrorCode.NONE, 5);
        pump();
        assertEquals(5, f.join().offset());
    }

    @Test
    void aBatchFailsOnceDeliveryTimeoutPasses() throws Exception {
        start("linger.ms", 0, "request.timeout.ms", 500, "delivery.timeout.ms", 1000, "retry.backoff.ms", 300,
                "retry.backoff.max.ms", 300);
        CompletableFuture<RecordMetadata> f = append("a");
        nextRequest().answer(ErrorCode.REQUEST_TIMED_OUT, -1);
        pump();
        clock.advance(Duration.ofMillis(400));
        nextRequest().answer(ErrorCode.REQUEST_TIMED_OUT, -1);
        pump();
        clock.advance(Duration.ofMillis(700));
        pump();
        CompletionException e = assertThrows(CompletionException.class, f::join);
        TimeoutException timeout = assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(timeout.getMessage().contains("delivery.timeout.ms"), timeout.getMessage());
        assertEquals(Optional.empty(), network.takeHeld(ApiKey.PRODUCE));
    }

    @Test
    void anOutOfOrderEchoOfAnEarlierFailureIsRetriedInOrder() throws Exception {
        startPipelining();
        CompletableFuture<RecordMetadata> a = append("x".repeat(80));
        ScriptedProduce sentA = nextRequest();
        CompletableFuture<RecordMetadata> b = append("y".repeat(80));
        ScriptedProduce sentB = nextRequest();
        assertEquals(1, sentA.batch().baseSequence());
        assertEquals(2, sentB.batch().baseSequence());

        sentA.answer(ErrorCode.NOT_LEADER_OR_FOLLOWER, -1);
        sentB.answer(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
        pump();
        assertFalse(b.isDone(), "the echo is retried, not failed");
        clock.advance(Duration.ofMillis(200));
        ScriptedProduce retryA = nextRequest();
        assertEquals(1, retryA.batch().baseSequence());
        assertNoRequest();
        retryA.answer(ErrorCode.NONE, 1);
        ScriptedProduce retryB = nextRequest();
        assertEquals(2, retryB.batch().baseSequence());
        retryB.answer(ErrorCode.NONE, 2);
        pump();
        assertEquals(1, a.join().offset());
        assertEquals(2, b.join().offset());
    }

    @Test
    void untilTheFirstAckAPartitionSendsOneBatchAtATime() throws Exception {
        start("linger.ms", 0, "batch.size", 100);
        append("x".repeat(80));
        ScriptedProduce first = nextRequest();
        append("y".repeat(80));
        assertNoRequest();
        first.answer(ErrorCode.NONE, 0);
        assertEquals(1, nextRequest().batch().baseSequence());
    }

    @Test
    void aNonRetriableErrorFailsTheBatchAndBumpsTheEpoch() throws Exception {
        start("linger.ms", 0);
        CompletableFuture<RecordMetadata> f = append("bad");
        nextRequest().answer(ErrorCode.INVALID_RECORD, -1);
        pump();
        BrokerErrorException error = assertInstanceOf(BrokerErrorException.class,
                assertThrows(CompletionException.class, f::join).getCause());
        assertEquals(ErrorCode.INVALID_RECORD, error.error());
        append("good");
        RecordBatch next = nextRequest().batch();
        assertEquals(1, next.producerEpoch());
        assertEquals(0, next.baseSequence());
    }

    @Test
    void withoutIdempotenceThereIsNoProducerId() throws Exception {
        start("linger.ms", 0, "enable.idempotence", false);
        append("a");
        RecordBatch batch = nextRequest().batch();
        assertEquals(-1, batch.producerId());
        assertEquals(0, network.sent(ApiKey.INIT_PRODUCER_ID).size());
    }

    @Test
    void onePassSendsEveryReadyBatchTheInFlightLimitAllowsAndRefillsEveryFreedSlot() throws Exception {
        start("linger.ms", 0, "enable.idempotence", false, "acks", "1", "batch.size", 100,
                "max.in.flight.requests.per.connection", 3);
        for (int i = 0; i < 6; i++) {
            append(Integer.toString(i).repeat(80)); // one record per batch
        }
        sender.runOnce();
        List<ScriptedProduce> first = held();
        assertEquals(3, first.size(), "one pass fills every free slot, not one per pass");
        assertEquals(List.of("0", "1", "2"), first.stream().map(SenderTest::firstValueChar).toList());
        first.get(0).answer(ErrorCode.NONE, 0);
        first.get(1).answer(ErrorCode.NONE, 1);
        sender.runOnce();
        List<ScriptedProduce> refill = held();
        assertEquals(List.of("3", "4"), refill.stream().map(SenderTest::firstValueChar).toList(),
                "both slots freed by the answers this pass took are used by it, in order");
    }

    @Test
    void aBatchForALeaderWithEverySlotTakenWakesNoPassAndLeavesWithTheAnswerThatFreesOne() throws Exception {
        start("linger.ms", 0, "enable.idempotence", false, "acks", "1", "batch.size", 100,
                "max.in.flight.requests.per.connection", 2);
        append("0".repeat(80));
        assertTrue(sender.batchReady(P0.topic(), P0.partition()), "a free slot: the loop is woken");
        append("1".repeat(80));
        sender.runOnce();
        List<ScriptedProduce> first = held();
        assertEquals(2, first.size());
        append("2".repeat(80));
        assertFalse(sender.batchReady(P0.topic(), P0.partition()),
                "both slots taken: no pass could send it, the answer's pass will");
        first.get(0).answer(ErrorCode.NONE, 0);
        sender.runOnce();
        assertEquals(List.of("2"), held().stream().map(SenderTest::firstValueChar).toList(),
                "the pass that took the answer sent the batch no one woke it for");
        first.get(1).answer(ErrorCode.NONE, 1);
        sender.runOnce();
        append("3".repeat(80));
        assertTrue(sender.batchReady(P0.topic(), P0.partition()), "a slot is free again: the loop is woken");
    }

    @Test
    void thePassWritesTheRequestAFreedSlotAllowsBeforeItRunsTheAnsweredRecordsCallbacks() throws Exception {
        start("linger.ms", 0, "enable.idempotence", false, "acks", "1", "batch.size", 100,
                "max.in.flight.requests.per.connection", 1);
        List<Integer> requestsSeenByCallbacks = new ArrayList<>();
        append("0".repeat(80), (metadata, error) -> requestsSeenByCallbacks.add(network.sent(ApiKey.PRODUCE).size()));
        sender.runOnce();
        ScriptedProduce first = held().get(0);
        append("1".repeat(80), (metadata, error) -> requestsSeenByCallbacks.add(network.sent(ApiKey.PRODUCE).size()));
        first.answer(ErrorCode.NONE, 0);
        sender.runOnce();
        assertEquals(List.of(2), requestsSeenByCallbacks, "the second request was written when the first record's"
                + " callback ran");
        int oneRecord = SerializedRecord.sizeUpperBound(null, "1".repeat(80).getBytes(StandardCharsets.UTF_8), null);
        assertEquals(pool.totalBytes() - oneRecord, pool.availableBytes(),
                "the answered batch gave its memory back in that pass; the one in flight holds its own");
    }

    @Test
    void aPartitionsCallbacksKeepTheirOrderWhenAnAcknowledgedAndAnExpiredBatchFinishInOnePass() throws Exception {
        start("linger.ms", 0, "enable.idempotence", false, "acks", "1", "batch.size", 100,
                "max.in.flight.requests.per.connection", 1, "delivery.timeout.ms", 1000, "request.timeout.ms", 900);
        List<String> order = new ArrayList<>();
        append("0".repeat(80), (metadata, error) -> order.add(error == null ? "0 ok" : "0 failed"));
        sender.runOnce();
        ScriptedProduce first = held().get(0);
        append("1".repeat(80), (metadata, error) -> order.add(error == null ? "1 ok" : "1 failed"));
        clock.advance(Duration.ofMillis(1001));
        first.answer(ErrorCode.NONE, 0);
        sender.runOnce();
        assertEquals(List.of("0 ok", "1 failed"), order);
        assertEquals(pool.totalBytes(), pool.availableBytes(), "both batches gave their memory back");
    }

    // ---- a batch refused as too large ------------------------------------------------------------------------

    @Test
    void aBatchRefusedAsTooLargeIsSplitAndEveryRecordLandsOnceInOrder() throws Exception {
        start();
        List<String> callbacks = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String value = "r" + i;
            futures.add(append(value, (metadata, error) -> callbacks.add(value + "@" + metadata.offset())));
        }
        clock.advance(Duration.ofMillis(5));
        ScriptedProduce whole = nextRequest();
        assertEquals(6, whole.batch().recordCount());
        whole.answer(ErrorCode.MESSAGE_TOO_LARGE, -1);

        ScriptedProduce first = nextRequest();
        assertEquals(List.of("r0", "r1", "r2"), values(first));
        assertEquals(0, first.batch().baseSequence());
        assertNoRequest(); // the parts go one at a time, so a refused first part cannot be overtaken
        first.answer(ErrorCode.NONE, 0);
        ScriptedProduce second = nextRequest();
        assertEquals(List.of("r3", "r4", "r5"), values(second));
        assertEquals(3, second.batch().baseSequence(), "the parts keep the refused batch's sequences");
        second.answer(ErrorCode.NONE, 3);
        pump();

        assertEquals(List.of("r0@0", "r1@1", "r2@2", "r3@3", "r4@4", "r5@5"), callbacks);
        for (int i = 0; i < 6; i++) {
            assertEquals(i, futures.get(i).join().offset());
        }
        assertEquals(pool.totalBytes(), pool.availableBytes(), "every record's memory is given back once");
        assertFalse(accumulator.hasIncomplete(), "neither the refused batch nor its parts are left waiting");
    }

    @Test
    void aPartRefusedAgainIsSplitAgainAndARecordTooLargeAloneFailsAlone() throws Exception {
        start();
        List<CompletableFuture<RecordMetadata>> futures = appendNumbered("r", 4);
        clock.advance(Duration.ofMillis(5));
        nextRequest().answer(ErrorCode.MESSAGE_TOO_LARGE, -1);
        ScriptedProduce half = nextRequest();
        assertEquals(List.of("r0", "r1"), values(half));
        half.answer(ErrorCode.MESSAGE_TOO_LARGE, -1);
        ScriptedProduce quarter = nextRequest();
        assertEquals(List.of("r0"), values(quarter));
        quarter.answer(ErrorCode.NONE, 0);
        ScriptedProduce alone = nextRequest();
        assertEquals(List.of("r1"), values(alone));
        alone.answer(ErrorCode.MESSAGE_TOO_LARGE, -1);
        ScriptedProduce rest = nextRequest();
        assertEquals(List.of("r2", "r3"), values(rest));
        assertEquals(1, rest.batch().producerEpoch(), "the failed record left a sequence gap: a new epoch");
        assertEquals(0, rest.batch().baseSequence());
        rest.answer(ErrorCode.NONE, 1);
        pump();

        assertEquals(0, futures.get(0).join().offset());
        BrokerErrorException tooLarge = assertInstanceOf(BrokerErrorException.class,
                assertThrows(CompletionException.class, futures.get(1)::join).getCause());
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, tooLarge.error());
        assertTrue(tooLarge.getMessage().matches(".*its batch is \\d+ bytes.*"), tooLarge.getMessage());
        assertEquals(1, futures.get(2).join().offset());
        assertEquals(2, futures.get(3).join().offset());
        assertEquals(pool.totalBytes(), pool.availableBytes());
    }

    @Test
    void aBatchInFlightBehindARefusedOneGoesAgainAfterTheRefusedOnesParts() throws Exception {
        startPipelining();
        List<CompletableFuture<RecordMetadata>> futures = appendNumbered("a", 4);
        ScriptedProduce refused = nextRequest();
        futures.add(append("b0"));
        ScriptedProduce behind = nextRequest();
        assertEquals(List.of("a0", "a1", "a2", "a3"), values(refused));
        assertEquals(List.of("b0"), values(behind));
        refused.answer(ErrorCode.MESSAGE_TOO_LARGE, -1);
        behind.answer(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1); // the broker still expects sequence 1

        List<List<String>> sent = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>();
        long offset = 1;
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMillis(200)); // the echo's retry backoff
            ScriptedProduce next = nextRequest();
            assertNoRequest();
            sent.add(values(next));
            sequences.add(next.batch().baseSequence());
            next.answer(ErrorCode.NONE, offset);
            offset += next.batch().recordCount();
        }
        pump();
        assertEquals(List.of(List.of("a0", "a1"), List.of("a2", "a3"), List.of("b0")), sent);
        assertEquals(List.of(1, 3, 5), sequences);
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, futures.get(i).join().offset());
        }
    }

    /** Appends values prefix + 0, prefix + 1, ...; their futures in that order (a list one may add to). */
    private List<CompletableFuture<RecordMetadata>> appendNumbered(String prefix, int count)
            throws InterruptedException {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(append(prefix + i));
        }
        return futures;
    }

    private static List<String> values(ScriptedProduce request) {
        List<String> values = new ArrayList<>();
        request.batch().forEach(r -> values.add(StandardCharsets.UTF_8.decode(r.value()).toString()));
        return values;
    }

    private List<ScriptedProduce> held() {
        List<ScriptedProduce> held = new ArrayList<>();
        Optional<ScriptedNetwork.Exchange> next;
        while ((next = network.takeHeld(ApiKey.PRODUCE)).isPresent()) {
            held.add(new ScriptedProduce(next.get()));
        }
        return held;
    }

    private static String firstValueChar(ScriptedProduce request) {
        ByteBuffer value = request.batch().iterator().next().value();
        return String.valueOf((char) value.get(value.position()));
    }
}
