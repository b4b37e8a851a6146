package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batch;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static io.petrel.broker.internal.log.LogTestSupport.expectedValues;
import static io.petrel.broker.internal.log.LogTestSupport.readAll;
import static io.petrel.broker.internal.log.LogTestSupport.withRetention;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rolled segments are forced by a flusher task, not by the append that rolls; the recovery point moves only after
 * that force, and a reopen after a crash checks every segment at or above it. The flusher here is a queue the test
 * runs by hand, so a "crash before the background force" is a queue never run.
 */
class PartitionLogBackgroundFlushTest extends PartitionLogFixture {
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private final Executor manual = queued::add;
    private final int batchSize = batch("b0", 3, T0).remaining();
    /** Two 3-record batches a segment: five batches make segments at offsets 0, 6 and 12. */
    private final LogConfig twoBatchSegments = config(batchSize * 2L);

    PartitionLogBackgroundFlushTest() {
        super("bf-0");
    }

    private List<String> appendBatches(int from, int count) throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            log.append(batch("b" + i, 3, T0 + i));
            values.addAll(expectedValues("b" + i, 3));
        }
        return values;
    }

    private void runQueued() {
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
    }

    private long checkpointedRecoveryPoint() throws Exception {
        return OffsetCheckpoint.RECOVERY_POINT.read(dir);
    }

    private Path segmentFile(long base) {
        return dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX));
    }

    private static void cutTail(Path file, int bytes) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - bytes);
        }
    }

    @Test
    void theRecoveryPointMovesOnlyOnceTheFlusherHasForcedTheRolledSegment() throws Exception {
        open(twoBatchSegments, manual);
        appendBatches(0, 3);
        assertEquals(2, log.segmentsForTest().size(), "rolled at offset 6");
        assertEquals(1, queued.size(), "the roll queued its flush instead of forcing");
        assertEquals(0, log.recoveryPointForTest());
        assertEquals(-1, checkpointedRecoveryPoint());
        assertEquals(0, snapshotOffset(), "the producer state taken at the roll is written by the flush task too");

        runQueued();
        assertEquals(6, log.recoveryPointForTest());
        assertEquals(6, checkpointedRecoveryPoint());
        assertEquals(6, snapshotOffset());
    }

    private long snapshotOffset() throws Exception {
        return java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve(ProducerStateTable.SNAPSHOT_FILE))).getLong(4);
    }

    @Test
    void rollsWhileAFlushIsQueuedRaiseItsTargetInsteadOfQueueingMore() throws Exception {
        open(twoBatchSegments, manual);
        appendBatches(0, 7);
        assertEquals(4, log.segmentsForTest().size());
        assertEquals(1, queued.size());

        runQueued();
        assertEquals(18, checkpointedRecoveryPoint());
        appendBatches(7, 2);
        assertEquals(1, queued.size(), "a roll after the task ran queues a new one");
    }

    @Test
    void aCrashBeforeTheBackgroundForceRecoversTheRolledSegmentsToTheirLastWholeBatch() throws Exception {
        open(twoBatchSegments, manual);
        List<String> values = appendBatches(0, 5);
        log.abandonForTest();
        queued.clear(); // the crash came before the flusher ran
        cutTail(segmentFile(6), 7); // the rolled segment's last batch (offsets 9-11) never reached the disk whole

        open(twoBatchSegments, manual);
        assertEquals(9, log.logEndOffset(), "cut at the torn batch");
        assertEquals(values.subList(0, 9), readAll(log));
        assertFalse(Files.exists(segmentFile(12)), "the segment after the cut one is deleted");
        assertEquals(List.of(0L, 6L), log.segmentsForTest().stream().map(LogSegment::baseOffset).toList());
        assertEquals(9, log.append(batch("again", 1, T0)).baseOffset(), "appends continue at the cut");
    }

    @Test
    void aCrashAfterTheBackgroundForceKeepsEverythingBelowTheRecoveryPoint() throws Exception {
        open(twoBatchSegments, manual);
        List<String> values = appendBatches(0, 5);
        runQueued();
        assertEquals(12, checkpointedRecoveryPoint());
        log.abandonForTest();
        cutTail(segmentFile(12), 7); // the active segment's unforced tail is lost

        open(twoBatchSegments, manual);
        assertEquals(12, log.logEndOffset());
        assertEquals(values.subList(0, 12), readAll(log));
    }

    @Test
    void aSegmentThatGrewPastTheRecoveryPointIsCheckedAfterItWasRolled() throws Exception {
        LogConfig fourBatchSegments = config(batchSize * 4L);
        open(fourBatchSegments, manual);
        List<String> values = appendBatches(0, 2);
        log.close(); // records the log end, 6, inside the active segment
        open(fourBatchSegments, manual);
        values.addAll(appendBatches(2, 3)); // segment 0 fills up to offset 11 and rolls at 12
        log.abandonForTest();
        queued.clear();
        cutTail(segmentFile(0), 7);

        open(fourBatchSegments, manual);
        assertEquals(9, log.logEndOffset(), "segment 0 holds the recovery point, so it was checked and cut");
        assertEquals(values.subList(0, 9), readAll(log));
        assertFalse(Files.exists(segmentFile(12)));
    }

    @Test
    void retentionDeletingASegmentWhoseFlushIsPendingLeavesTheTaskNothingToDo() throws Exception {
        open(withRetention(twoBatchSegments, -1, batchSize), manual);
        List<String> values = appendBatches(0, 5);
        assertEquals(2, log.deleteExpiredSegments(), "segments 0 and 6 went before their flush");

        assertDoesNotThrow(this::runQueued);
        assertEquals(12, checkpointedRecoveryPoint());
        assertEquals(values.subList(12, 15), readAll(log));
        assertEquals(15, log.append(batch("after", 1, T0)).baseOffset(), "the log is still writable");
    }

    @Test
    void closeForcesEverythingAndAFlushTaskRunningAfterItChangesNothing() throws Exception {
        open(twoBatchSegments, manual);
        List<String> values = appendBatches(0, 5);
        log.close();
        assertEquals(15, checkpointedRecoveryPoint(), "a clean close records the log end");

        assertDoesNotThrow(this::runQueued);
        assertEquals(15, checkpointedRecoveryPoint(), "not moved back to the task's target, 12");
        open(twoBatchSegments, manual);
        assertEquals(values, readAll(log));
    }

    @Test
    void aFlushTaskRunningAfterTheLogWasDeletedDoesNotRecreateItsDirectory() throws Exception {
        open(twoBatchSegments, manual);
        appendBatches(0, 3);
        log.delete();
        log = null;

        assertDoesNotThrow(this::runQueued);
        assertFalse(Files.exists(dir));
    }

    @Test
    void aStoppedFlusherLeavesRolledSegmentsToTheClose() throws Exception {
        open(twoBatchSegments, task -> {
            throw new RejectedExecutionException("stopped");
        });
        List<String> values = appendBatches(0, 5);
        assertEquals(0, log.recoveryPointForTest());
        log.close();
        assertEquals(15, checkpointedRecoveryPoint());
        open(twoBatchSegments, manual);
        assertEquals(values, readAll(log));
    }

    @Test
    void theBrokersFlusherRunsQueuedTasksBeforeItStopsAndRefusesLaterOnes() throws Exception {
        LogFlusher flusher = new LogFlusher();
        CountDownLatch ran = new CountDownLatch(2);
        flusher.execute(ran::countDown);
        flusher.execute(ran::countDown);
        flusher.close();
        assertEquals(0, ran.getCount());
        assertThrows(RejectedExecutionException.class, () -> flusher.execute(ran::countDown));
    }

    @Test
    void theBrokersFlusherForcesRolledSegmentsOfARealLog() throws Exception {
        LogFlusher flusher = new LogFlusher();
        open(twoBatchSegments, flusher);
        List<String> values = appendBatches(0, 5);
        flusher.close(); // waits for the queued task
        assertEquals(12, checkpointedRecoveryPoint());
        assertTrue(log.segmentsForTest().size() >= 3);
        assertEquals(values, readAll(log));
    }
}
