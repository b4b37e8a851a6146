package io.petrel.broker.internal.log;

import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.RecordBatches;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.bytesOf;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static io.petrel.broker.internal.log.LogTestSupport.withIndexInterval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogConcurrencyTest extends PartitionLogFixture {
    private static final int BATCHES = 1500;

    private ExecutorService pool;

    PartitionLogConcurrencyTest() {
        super("c-0");
    }

    /** Runs before the fixture closes the log. */
    @AfterEach
    void stopPool() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** Record at offset o holds the value "o": a reader can tell it got the right bytes for each offset. */
    private static ByteBuffer batchFrom(long firstOffset, int records) {
        RecordBatchBuilder b = new RecordBatchBuilder(0);
        for (int r = 0; r < records; r++) {
            b.append(T0 + firstOffset + r, null, Long.toString(firstOffset + r).getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    @Test
    void readsDuringAppendsSeeOnlyWholeBatchesBelowTheLogEnd() throws Exception {
        open(withIndexInterval(config(8 * 1024), 512));
        pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);

        Callable<Long> writer = () -> {
            start.await();
            long next = 0;
            for (int i = 0; i < BATCHES; i++) {
                int records = 1 + i % 4;
                PartitionLog.AppendResult r = log.append(batchFrom(next, records));
                assertEquals(next, r.baseOffset());
                next += records;
            }
            return next;
        };
        Callable<Long> reader = () -> {
            start.await();
            long next = 0;
            long reads = 0;
            while (true) {
                long end = log.logEndOffset();
                if (next == end && end > 0 && log.logEndOffset() == end && writerDone(end)) {
                    return reads;
                }
                LogSlice slice = log.read(next, 700, true);
                long endAfter = log.logEndOffset();
                for (RecordBatch b : RecordBatches.strict(bytesOf(slice))) {
                    b.validate();
                    assertEquals(next, b.baseOffset(), "batches follow on from the offset asked");
                    assertTrue(b.lastOffset() < endAfter, "batch " + b + " is below the log end " + endAfter);
                    for (Record r : b) {
                        assertEquals(Long.toString(r.offset()), new String(r.valueBytes(), StandardCharsets.UTF_8));
                    }
                    next = b.nextOffset();
                }
                reads++;
            }
        };
        Callable<Long> timestampReader = () -> {
            start.await();
            long checks = 0;
            while (!writerDone(log.logEndOffset())) {
                long end = log.logEndOffset();
                Optional<PartitionLog.TimestampOffset> max = log.maxTimestampOffset();
                if (end > 0) {
                    assertTrue(max.isPresent());
                    assertTrue(max.get().offset() >= end - 1, max + " at end " + end);
                    assertEquals(T0 + max.get().offset(), max.get().timestamp());
                    long probe = T0 + end / 2;
                    assertEquals(Optional.of(new PartitionLog.TimestampOffset(probe, end / 2)),
                            log.offsetForTimestamp(probe));
                }
                checks++;
            }
            return checks;
        };

        Future<Long> written = pool.submit(writer);
        List<Future<Long>> readers = new ArrayList<>();
        readers.add(pool.submit(reader));
        readers.add(pool.submit(reader));
        readers.add(pool.submit(timestampReader));
        start.countDown();

        long total = written.get(120, TimeUnit.SECONDS);
        assertEquals(total, log.logEndOffset());
        for (Future<Long> f : readers) {
            assertTrue(f.get(120, TimeUnit.SECONDS) > 0);
        }
        assertTrue(log.segmentsForTest().size() > 5, "appends rolled segments while reads ran");
    }

    /** Whether the writer has appended everything: the total offset count of its batches. */
    private static boolean writerDone(long end) {
        long total = 0;
        for (int i = 0; i < BATCHES; i++) {
            total += 1 + i % 4;
        }
        return end == total;
    }
}
