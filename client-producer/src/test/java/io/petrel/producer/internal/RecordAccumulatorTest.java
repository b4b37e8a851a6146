package io.petrel.producer.internal;

import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordAccumulatorTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private static final long WAIT_S = 30;

    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);

    private RecordAccumulator accumulator(int batchSize, long lingerMs) {
        return new RecordAccumulator(batchSize, lingerMs, CompressionType.NONE, 0, arrays(batchSize), time, false);
    }

    private static BatchArrays arrays(int batchSize) {
        return new BatchArrays(BatchArrays.arraySizeFor(batchSize), 1 << 20);
    }

    private static SerializedRecord record(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return new SerializedRecord("t", null, 1L, null, bytes, null, null,
                SerializedRecord.sizeUpperBound(null, bytes, null));
    }

    private static RecordAccumulator.AppendResult append(RecordAccumulator acc, TopicPartition tp, String value) {
        return append(acc, tp, record(value), RecordCompletion.of(null, null));
    }

    private static RecordAccumulator.AppendResult append(RecordAccumulator acc, TopicPartition tp, SerializedRecord r,
                                                         RecordCompletion completion) {
        return acc.append(tp.topic(), tp.partition(), r.timestamp(), r.key(), r.value(), r.headers(), r.sizeInBytes(),
                completion, false);
    }

    @Test
    void aBatchLingersThenBecomesReady() {
        RecordAccumulator acc = accumulator(16_384, 50);
        assertEquals(RecordAccumulator.AppendResult.APPENDED_NEW_BATCH, append(acc, P0, "a"));
        assertEquals(RecordAccumulator.AppendResult.APPENDED, append(acc, P0, "b"));

        RecordAccumulator.Ready ready = acc.ready(time.nanoseconds());
        assertTrue(ready.partitions().isEmpty());
        assertEquals(time.nanoseconds() + 50_000_000L, ready.nextCheckNanos());

        clock.advance(Duration.ofMillis(49));
        assertTrue(acc.ready(time.nanoseconds()).partitions().isEmpty());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(P0), acc.ready(time.nanoseconds()).partitions());
    }

    @Test
    void aFullBatchIsReadyAtOnceAndTheNextRecordOpensAnother() {
        RecordAccumulator acc = accumulator(200, 60_000);
        String value = "x".repeat(50);
        List<RecordAccumulator.AppendResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(append(acc, P0, value));
        }
        assertEquals(RecordAccumulator.AppendResult.APPENDED_NEW_BATCH, results.get(0));
        assertTrue(results.contains(RecordAccumulator.AppendResult.APPENDED_BATCH_READY), results.toString());
        assertEquals(List.of(P0), acc.ready(time.nanoseconds()).partitions());

        ProducerBatch first = acc.poll(P0);
        assertTrue(first.estimatedSizeInBytes() <= 200, "batch.size holds: " + first.estimatedSizeInBytes());
        ProducerBatch second = acc.poll(P0);
        assertEquals(4, first.recordCount() + second.recordCount());
        assertNull(acc.poll(P0));
    }

    @Test
    void aRecordLargerThanBatchSizeGetsABatchOfItsOwn() {
        RecordAccumulator acc = accumulator(100, 60_000);
        append(acc, P0, "small");
        append(acc, P0, "y".repeat(500));
        ProducerBatch small = acc.poll(P0);
        ProducerBatch large = acc.poll(P0);
        assertEquals(1, small.recordCount());
        assertEquals(1, large.recordCount());
        assertTrue(large.buffer().remaining() > 500);
    }

    @Test
    void flushMakesEveryBatchReadyUntilItEnds() {
        RecordAccumulator acc = accumulator(16_384, 60_000);
        append(acc, P0, "a");
        append(acc, P1, "b");
        assertTrue(acc.ready(time.nanoseconds()).partitions().isEmpty());

        CompletableFuture<Void> flushed = acc.beginFlush();
        assertEquals(2, acc.ready(time.nanoseconds()).partitions().size());
        assertFalse(flushed.isDone());

        ProducerBatch b0 = acc.poll(P0);
        ProducerBatch b1 = acc.poll(P1);
        b0.succeed(0, -1);
        acc.completed(b0);
        assertFalse(flushed.isDone());
        b1.succeed(0, -1);
        acc.completed(b1);
        assertTrue(flushed.isDone());
        acc.endFlush();

        append(acc, P0, "c");
        assertTrue(acc.ready(time.nanoseconds()).partitions().isEmpty());
    }

    @Test
    void closeMakesEveryBatchReady() {
        RecordAccumulator acc = accumulator(16_384, 60_000);
        append(acc, P0, "a");
        acc.close();
        assertEquals(List.of(P0), acc.ready(time.nanoseconds()).partitions());
    }

    @Test
    void aRetryWaitsForItsBackoffAndGoesBackInSequenceOrder() {
        RecordAccumulator acc = accumulator(16_384, 0);
        append(acc, P0, "a");
        ProducerBatch first = acc.poll(P0);
        append(acc, P0, "b");
        ProducerBatch second = acc.poll(P0);
        append(acc, P0, "c");
        first.setProducerState(7, (short) 0, 0);
        second.setProducerState(7, (short) 0, 1);

        second.retryAt(time.nanoseconds() + 100_000_000L);
        acc.reenqueue(second);
        first.retryAt(time.nanoseconds() + 100_000_000L);
        acc.reenqueue(first);

        assertTrue(acc.ready(time.nanoseconds()).partitions().isEmpty());
        clock.advance(Duration.ofMillis(100));
        assertEquals(List.of(P0), acc.ready(time.nanoseconds()).partitions());
        assertEquals(0, acc.poll(P0).baseSequence());
        assertEquals(1, acc.poll(P0).baseSequence());
        assertEquals(-1, acc.poll(P0).baseSequence());
    }

    @Test
    void theSplitOfARefusedBatchGoesWhereItWasAndAFlushWaitsForItsParts() {
        RecordAccumulator acc = accumulator(16_384, 0);
        append(acc, P0, "a");
        ProducerBatch older = acc.poll(P0);
        for (String value : List.of("b0", "b1", "b2")) {
            append(acc, P0, value);
        }
        ProducerBatch refused = acc.poll(P0);
        append(acc, P0, "c");
        older.retryAt(time.nanoseconds());
        acc.reenqueue(older);
        refused.buffer();
        CompletableFuture<Void> flushed = acc.beginFlush();

        assertEquals(2, acc.splitAndReenqueue(refused));

        List<ProducerBatch> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                assertEquals(i < 3, acc.headMustGoAlone(P0), "a part goes alone, as a retry does");
            }
            order.add(acc.poll(P0));
        }
        assertEquals(List.of(1, 2, 1, 1), order.stream().map(ProducerBatch::recordCount).toList(),
                "the older retry, the refused batch's two parts, the newer batch");
        for (ProducerBatch batch : order) {
            assertFalse(flushed.isDone(), "the flush waits for the refused batch's parts too");
            batch.succeed(0, -1);
            acc.completed(batch);
        }
        assertTrue(flushed.isDone());
        assertFalse(acc.hasIncomplete());
    }

    @Test
    void batchesOlderThanTheDeliveryTimeoutExpire() {
        RecordAccumulator acc = accumulator(16_384, 60_000);
        append(acc, P0, "old");
        clock.advance(Duration.ofMillis(1_000));
        append(acc, P1, "new");
        List<ProducerBatch> expired = acc.expire(time.nanoseconds() - 500_000_000L);
        assertEquals(1, expired.size());
        assertEquals(P0, expired.get(0).partition());
        assertNull(acc.poll(P0));
    }

    @Test
    void offsetsFollowTheBaseOffsetAndTheBatchIsValidKafkaBytes() {
        RecordAccumulator acc = new RecordAccumulator(16_384, 0, CompressionType.LZ4, 9, arrays(16_384), time, false);
        List<CompletableFuture<io.petrel.producer.RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SerializedRecord r = record("v" + i);
            RecordCompletion c = RecordCompletion.of(null, null);
            futures.add(c.future());
            append(acc, P0, r, c);
        }
        ProducerBatch batch = acc.poll(P0);
        batch.setProducerState(5, (short) 2, 10);
        RecordBatch decoded = RecordBatch.wrap(batch.buffer());
        decoded.validate();
        assertEquals(CompressionType.LZ4, decoded.compressionType());
        assertEquals(10, decoded.baseSequence());
        List<String> values = new ArrayList<>();
        for (Record r : decoded) {
            values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
        }
        assertEquals(List.of("v0", "v1", "v2"), values);

        batch.succeed(40, -1);
        assertEquals(42, futures.get(2).join().offset());
        assertEquals(1L, futures.get(0).join().timestamp());
    }

    @Test
    void restampingABuiltBatchKeepsItValid() {
        RecordAccumulator acc = accumulator(16_384, 0);
        append(acc, P0, "a");
        ProducerBatch batch = acc.poll(P0);
        batch.setProducerState(1, (short) 0, 0);
        batch.buffer();
        batch.setProducerState(1, (short) 1, 0);
        RecordBatch decoded = RecordBatch.wrap(batch.buffer());
        decoded.validate();
        assertEquals(1, decoded.producerEpoch());
    }

    @Test
    void lz4BatchesCompressedWhileAppendingHoldEveryRecordInOrderWithinBatchSize() {
        int batchSize = 100_000;
        RecordAccumulator acc = new RecordAccumulator(batchSize, 0, CompressionType.LZ4, 9, arrays(batchSize), time, false);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String value = "record " + i + " " + "abcdefghij".repeat(1 + i % 7);
            sent.add(value);
            SerializedRecord r = record(value);
            append(acc, P0, r, RecordCompletion.of(null, null));
        }
        acc.close();
        List<String> read = new ArrayList<>();
        int batches = 0;
        for (ProducerBatch batch = acc.poll(P0); batch != null; batch = acc.poll(P0)) {
            batches++;
            int compressedBeforeBuild = batch.estimatedSizeInBytes();
            RecordBatch decoded = RecordBatch.wrap(batch.buffer());
            assertEquals(compressedBeforeBuild, decoded.sizeInBytes(), "a closed LZ4 batch is compressed already");
            decoded.validate();
            assertEquals(CompressionType.LZ4, decoded.compressionType());
            assertTrue(batch.uncompressedBytes() > 32 * 1024, "chunks were compressed while appending");
            assertTrue(decoded.sizeInBytes() <= batchSize, "batch.size holds: " + decoded.sizeInBytes());
            for (Record r : decoded) {
                read.add(StandardCharsets.UTF_8.decode(r.value()).toString());
            }
        }
        assertTrue(batches >= 1);
        assertEquals(sent, read);
    }

    @Test
    void anAcknowledgedBatchsArrayServesTheNextBatchAndAFailedOnesDoesNot() {
        RecordAccumulator acc = accumulator(16_384, 0);
        append(acc, P0, "first");
        ProducerBatch first = acc.poll(P0);
        byte[] firstArray = first.buffer().array();
        first.succeed(0, -1);

        append(acc, P0, "second");
        ProducerBatch second = acc.poll(P0);
        assertTrue(second.buffer().array() == firstArray, "the acknowledged batch's array is reused");
        assertEquals("second", valuesOf(second).get(0));
        second.fail(new RuntimeException("not acknowledged"));

        append(acc, P0, "third");
        ProducerBatch third = acc.poll(P0);
        assertFalse(third.buffer().array() == firstArray, "a failed batch's request may still be unwritten");
        assertEquals(List.of("third"), valuesOf(third));
    }

    @Test
    void anAppendCompressesTheBatchItFilledOutsideThePartitionsLockSoTheSenderCanLookMeanwhile() throws Exception {
        RecordAccumulator acc = accumulator(200, 60_000);
        ProducerBatch open = new ProducerBatch(1, P0, CompressionType.NONE, 0, 1.0f, 200, time.nanoseconds(),
                arrays(200), false);
        acc.reenqueue(open); // the partition's open batch, so this test can stand in for a sender building it
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread sender = new Thread(() -> {
            synchronized (open) {
                held.countDown();
                awaitQuietly(release);
            }
        });
        sender.start();
        assertTrue(held.await(WAIT_S, TimeUnit.SECONDS));
        Thread appender = new Thread(() -> {
            for (int i = 0; i < 4; i++) {
                append(acc, P0, "x".repeat(50));
            }
        });
        appender.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (appender.getState() != Thread.State.BLOCKED && appender.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.BLOCKED, appender.getState(),
                "the append that filled the batch waits to compress it, not holding the partition");
        assertEquals(List.of(P0), acc.ready(time.nanoseconds()).partitions(),
                "the partition's lock is free while the filled batch is being compressed");
        release.countDown();
        appender.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        sender.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        ProducerBatch filled = acc.poll(P0);
        assertTrue(filled == open);
        String x = "x".repeat(50);
        assertEquals(List.of(x, x), valuesOf(filled), "two records fit in 200 bytes");
        assertEquals(List.of(x, x), valuesOf(acc.poll(P0)), "the third, which did not fit, opened the next batch");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> valuesOf(ProducerBatch batch) {
        List<String> values = new ArrayList<>();
        for (Record r : RecordBatch.wrap(batch.buffer())) {
            values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
        }
        return values;
    }
}
