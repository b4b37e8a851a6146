package io.petrel.producer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.compression.CompressionType;
import io.petrel.producer.RecordMetadata;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordHeader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each record's RecordMetadata comes from the batch's facts: its own offset, create time and sizes. */
class ProducerBatchTest {
    private static final TopicPartition P3 = new TopicPartition("orders", 3);

    private static ProducerBatch batch() {
        return new ProducerBatch(1, P3, CompressionType.NONE, 0, 1.0f, 16_384, 0L,
                new BatchArrays(BatchArrays.arraySizeFor(16_384), 1 << 20), false);
    }

    private static SerializedRecord record(long timestamp, byte[] key, byte[] value) {
        return new SerializedRecord(P3.topic(), null, timestamp, key, value, null, null,
                SerializedRecord.sizeUpperBound(key, value, null));
    }

    private static boolean append(ProducerBatch batch, SerializedRecord r, RecordCompletion completion) {
        return batch.tryAppend(r.timestamp(), r.key(), r.value(), r.headers(), r.sizeInBytes(), completion);
    }

    /** Three records that differ in create time, key and value; their completions, in append order. */
    private static List<RecordCompletion> appendThree(ProducerBatch batch, List<String> calls) {
        SerializedRecord[] records = {
                record(1_000L, null, new byte[10]),
                record(1_007L, new byte[3], new byte[10]),
                record(999L, new byte[0], null)};
        List<RecordCompletion> completions = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            int n = i;
            RecordCompletion completion = RecordCompletion.of(
                    (metadata, error) -> calls.add("callback " + n + (error == null ? "" : " " + error.getMessage())),
                    (metadata, error) -> calls.add("ack " + n + " " + metadata.serializedKeySize() + "/"
                            + metadata.serializedValueSize()));
            assertTrue(append(batch, records[i], completion));
            completions.add(completion);
        }
        return completions;
    }

    @Test
    void everyRecordGetsItsOwnOffsetCreateTimeAndSizes() throws Exception {
        ProducerBatch batch = batch();
        List<String> calls = new ArrayList<>();
        List<RecordCompletion> completions = appendThree(batch, calls);

        batch.succeed(500L, -1L);

        assertEquals(new RecordMetadata("orders", 3, 500L, 1_000L, -1, 10), completions.get(0).future().get());
        assertEquals(new RecordMetadata("orders", 3, 501L, 1_007L, 3, 10), completions.get(1).future().get());
        assertEquals(new RecordMetadata("orders", 3, 502L, 999L, 0, -1), completions.get(2).future().get());
        assertEquals(List.of("ack 0 -1/10", "callback 0", "ack 1 3/10", "callback 1", "ack 2 0/-1", "callback 2"),
                calls);
    }

    @Test
    void theSplitOfARefusedBatchCarriesEachRecordsCompletionMemoryHeadersAndSequenceAcrossTheWrap() throws Exception {
        ProducerBatch batch = batch();
        List<String> calls = new ArrayList<>();
        List<RecordCompletion> completions = appendThree(batch, calls);
        RecordCompletion withHeader = RecordCompletion.of((metadata, error) -> calls.add("callback 3"), null);
        List<RecordHeader> headers = List.of(new RecordHeader("trace", new byte[] {1, 2}));
        byte[] value = {9};
        int size = SerializedRecord.sizeUpperBound(null, value, headers);
        assertTrue(batch.tryAppend(1_010L, null, value, headers, size, withHeader));
        batch.setProducerState(7L, (short) 2, Integer.MAX_VALUE - 1);
        batch.buffer(); // sent, and refused
        long reserved = batch.reservedBytes();

        List<ProducerBatch> parts = batch.split(ProducerBatchTest::batch);

        assertEquals(List.of(2, 2), parts.stream().map(ProducerBatch::recordCount).toList());
        assertEquals(reserved, parts.stream().mapToLong(ProducerBatch::reservedBytes).sum(), "the same memory");
        assertEquals(0, batch.reservedBytes(), "the refused batch releases nothing itself");
        assertEquals(List.of(Integer.MAX_VALUE - 1, 0), parts.stream().map(ProducerBatch::baseSequence).toList(),
                "the refused batch's sequences, wrapping past Integer.MAX_VALUE");
        assertTrue(parts.stream().allMatch(p -> p.hasProducer(7L, (short) 2) && p.isSplitPart()));
        List<Record> second = new ArrayList<>();
        RecordBatch.wrap(parts.get(1).buffer()).forEach(second::add);
        assertEquals(999L, second.get(0).timestamp(), "the record's own create time");
        assertEquals(headers, second.get(1).headers());

        parts.get(0).succeed(500L, -1L);
        assertFalse(batch.isDone(), "done only once every part is");
        parts.get(1).succeed(502L, -1L);
        assertTrue(batch.isDone());
        assertEquals(new RecordMetadata("orders", 3, 501L, 1_007L, 3, 10), completions.get(1).future().get());
        assertEquals(new RecordMetadata("orders", 3, 502L, 999L, 0, -1), completions.get(2).future().get());
        assertEquals(new RecordMetadata("orders", 3, 503L, 1_010L, -1, 1), withHeader.future().get());
        assertEquals(List.of("ack 0 -1/10", "callback 0", "ack 1 3/10", "callback 1", "ack 2 0/-1", "callback 2",
                "callback 3"), calls);
    }

    @Test
    void theBrokersAppendTimeReplacesEveryCreateTime() throws Exception {
        ProducerBatch batch = batch();
        List<RecordCompletion> completions = appendThree(batch, new ArrayList<>());

        batch.succeed(7L, 123_456L);

        for (int i = 0; i < 3; i++) {
            RecordMetadata metadata = completions.get(i).future().get();
            assertEquals(7L + i, metadata.offset());
            assertEquals(123_456L, metadata.timestamp());
        }
    }

    @Test
    void aFailedBatchTellsTheInterceptorsEachRecordsSizes() {
        ProducerBatch batch = batch();
        List<String> calls = new ArrayList<>();
        List<RecordCompletion> completions = appendThree(batch, calls);
        IllegalStateException error = new IllegalStateException("broker said no");

        batch.fail(error);

        assertEquals(List.of("ack 0 -1/10", "callback 0 broker said no", "ack 1 3/10", "callback 1 broker said no",
                "ack 2 0/-1", "callback 2 broker said no"), calls);
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> completions.get(1).future().get());
        assertSame(error, thrown.getCause());
    }

    @Test
    void aCompletionWithoutInterceptorsStillRunsItsCallback() {
        ProducerBatch batch = batch();
        List<RecordMetadata> seen = new ArrayList<>();
        RecordCompletion completion = RecordCompletion.of((metadata, error) -> seen.add(metadata), null);
        assertTrue(append(batch, record(42L, null, new byte[5]), completion));

        batch.succeed(0L, -1L);

        assertEquals(List.of(new RecordMetadata("orders", 3, 0L, 42L, -1, 5)), seen);
        assertSame(seen.get(0), completion.future().getNow(null));
    }

    @Test
    void flushWaitingBeforeOrAfterTheAnswerSeesTheBatchDone() {
        ProducerBatch waitedOnFirst = batch();
        appendThree(waitedOnFirst, new ArrayList<>());
        CompletableFuture<Void> waiting = waitedOnFirst.done();
        assertFalse(waiting.isDone(), "a batch not answered yet is not done");
        waitedOnFirst.succeed(0L, -1L);
        assertTrue(waiting.isDone(), "the answer completes the future a flush already waits on");
        assertSame(waiting, waitedOnFirst.done(), "every waiter gets the same future");

        ProducerBatch answeredFirst = batch();
        appendThree(answeredFirst, new ArrayList<>());
        answeredFirst.fail(new IllegalStateException("refused"));
        assertTrue(answeredFirst.isDone());
        assertTrue(answeredFirst.done().isDone(), "a flush that comes after the outcome does not wait");
    }

    @Test
    void aWaiterRacingTheAnswerIsNeverLeftWaiting() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            ProducerBatch batch = batch();
            appendThree(batch, new ArrayList<>());
            CompletableFuture<CompletableFuture<Void>> waiter = CompletableFuture.supplyAsync(batch::done);
            batch.succeed(0L, -1L);
            assertTrue(waiter.get(10, TimeUnit.SECONDS).isDone(), "round " + round + ": the flush would wait forever");
        }
    }
}
