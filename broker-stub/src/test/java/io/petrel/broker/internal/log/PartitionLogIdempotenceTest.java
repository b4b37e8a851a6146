package io.petrel.broker.internal.log;

import io.petrel.broker.FlushPolicy;
import io.petrel.broker.LogConfig;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batch;
import static io.petrel.broker.internal.log.LogTestSupport.concat;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static io.petrel.broker.internal.log.LogTestSupport.producerBatch;
import static io.petrel.broker.internal.log.LogTestSupport.readAll;
import static io.petrel.broker.internal.log.LogTestSupport.withFlush;
import static io.petrel.broker.internal.log.LogTestSupport.withTimestampType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogIdempotenceTest extends PartitionLogFixture {
    private static final long PID = 1000;
    private static final short EPOCH = 3;

    PartitionLogIdempotenceTest() {
        super("idem-0");
    }

    private LogAppendException refused(ByteBuffer batch) {
        return assertThrows(LogAppendException.class, () -> log.append(batch));
    }

    @Test
    void retriedBatchIsAnsweredWithItsOriginalOffsetsAndNotAppended() throws Exception {
        open(config(1 << 20));
        log.append(batch("plain", 2, T0));
        PartitionLog.AppendResult first = log.append(producerBatch(PID, EPOCH, 0, 3, T0));
        log.append(producerBatch(PID, EPOCH, 3, 2, T0));
        long end = log.logEndOffset();

        PartitionLog.AppendResult retry = log.append(producerBatch(PID, EPOCH, 0, 3, T0));
        assertTrue(retry.duplicate());
        assertEquals(first.baseOffset(), retry.baseOffset());
        assertEquals(first.lastOffset(), retry.lastOffset());
        assertEquals(2, retry.baseOffset());
        assertEquals(4, retry.lastOffset());
        assertEquals(end, log.logEndOffset(), "nothing appended");
        assertEquals(7, readAll(log).size());
    }

    @Test
    void onlyTheLastFiveBatchesAreRememberedForDuplicates() throws Exception {
        open(config(1 << 20));
        for (int seq = 0; seq < 6; seq++) {
            log.append(producerBatch(PID, EPOCH, seq, 1, T0));
        }
        assertTrue(log.append(producerBatch(PID, EPOCH, 1, 1, T0)).duplicate(), "second of six: still remembered");
        LogAppendException e = refused(producerBatch(PID, EPOCH, 0, 1, T0));
        assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, e.errorCode(), "first of six: forgotten, so a gap");
    }

    @Test
    void sequenceGapIsOutOfOrder() throws Exception {
        open(config(1 << 20));
        log.append(producerBatch(PID, EPOCH, 0, 3, T0));
        LogAppendException e = refused(producerBatch(PID, EPOCH, 5, 1, T0));
        assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, e.errorCode());
        assertTrue(e.getMessage().contains("sequence 5") && e.getMessage().contains("expected 3"), e.getMessage());
        assertEquals(3, log.logEndOffset());
        assertEquals(3, log.append(producerBatch(PID, EPOCH, 3, 1, T0)).baseOffset(), "the right sequence goes on");
    }

    @Test
    void olderEpochIsInvalidProducerEpoch() throws Exception {
        open(config(1 << 20));
        log.append(producerBatch(PID, EPOCH, 0, 1, T0));
        LogAppendException e = refused(producerBatch(PID, (short) (EPOCH - 1), 1, 1, T0));
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, e.errorCode());
        assertEquals(1, log.logEndOffset());
    }

    @Test
    void newEpochMustStartAtSequenceZero() throws Exception {
        open(config(1 << 20));
        log.append(producerBatch(PID, EPOCH, 0, 4, T0));
        assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
                refused(producerBatch(PID, (short) (EPOCH + 1), 4, 1, T0)).errorCode());
        assertFalse(log.append(producerBatch(PID, (short) (EPOCH + 1), 0, 1, T0)).duplicate());
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, refused(producerBatch(PID, EPOCH, 4, 1, T0)).errorCode(),
                "the old epoch is fenced now");
    }

    @Test
    void unknownProducerIsAcceptedAtAnySequence() throws Exception {
        open(config(1 << 20));
        PartitionLog.AppendResult r = log.append(producerBatch(77, (short) 0, 500, 2, T0));
        assertFalse(r.duplicate());
        assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
                refused(producerBatch(77, (short) 0, 503, 1, T0)).errorCode(), "known from then on");
        assertEquals(2, log.append(producerBatch(77, (short) 0, 502, 1, T0)).baseOffset());
    }

    @Test
    void sequenceWrapsPastIntegerMaxToZero() throws Exception {
        open(config(1 << 20));
        log.append(producerBatch(PID, EPOCH, Integer.MAX_VALUE - 1, 2, T0));
        assertFalse(log.append(producerBatch(PID, EPOCH, 0, 1, T0)).duplicate());
    }

    @Test
    void producersAreIndependent() throws Exception {
        open(config(1 << 20));
        log.append(producerBatch(1, (short) 0, 0, 1, T0));
        log.append(producerBatch(2, (short) 0, 0, 1, T0));
        assertTrue(log.append(producerBatch(1, (short) 0, 0, 1, T0)).duplicate());
        assertFalse(log.append(producerBatch(2, (short) 0, 1, 1, T0)).duplicate());
    }

    @Test
    void refusedBatchLaterInAnAppendLeavesNoProducerState() throws Exception {
        open(config(1 << 20));
        ByteBuffer ok = producerBatch(PID, EPOCH, 0, 1, T0);
        ByteBuffer gap = producerBatch(PID, EPOCH, 9, 1, T0);
        assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
                assertThrows(LogAppendException.class, () -> log.append(concat(ok, gap))).errorCode());
        assertEquals(0, log.logEndOffset());
        assertTrue(log.producerStateForTest().entry(PID).isEmpty(), "the first batch's state was not committed");
    }

    @Test
    void severalBatchesOfOneProducerInOneAppendFollowEachOther() throws Exception {
        open(config(1 << 20));
        PartitionLog.AppendResult r = log.append(concat(producerBatch(PID, EPOCH, 0, 2, T0),
                producerBatch(PID, EPOCH, 2, 2, T0)));
        assertEquals(3, r.lastOffset());
        assertTrue(log.append(producerBatch(PID, EPOCH, 2, 2, T0)).duplicate());
    }

    @Test
    void duplicateOnALogAppendTimeLogReportsTheOriginalAppendTime() throws Exception {
        open(withTimestampType(config(1 << 20), TimestampType.LOG_APPEND_TIME));
        PartitionLog.AppendResult first = log.append(producerBatch(PID, EPOCH, 0, 1, 5));
        clock.advance(Duration.ofSeconds(9));
        PartitionLog.AppendResult retry = log.append(producerBatch(PID, EPOCH, 0, 1, 5));
        assertTrue(retry.duplicate());
        assertEquals(first.logAppendTime(), retry.logAppendTime());
    }

    @Test
    void stateSurvivesCloseAndReopen() throws Exception {
        LogConfig c = config(1 << 20);
        open(c);
        log.append(producerBatch(PID, EPOCH, 0, 3, T0));
        log.append(producerBatch(PID, EPOCH, 3, 3, T0));
        log.close();
        assertTrue(Files.exists(dir.resolve(ProducerStateTable.SNAPSHOT_FILE)));

        open(c);
        PartitionLog.AppendResult retry = log.append(producerBatch(PID, EPOCH, 3, 3, T0));
        assertTrue(retry.duplicate());
        assertEquals(3, retry.baseOffset());
        assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
                refused(producerBatch(PID, EPOCH, 7, 1, T0)).errorCode());
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH,
                refused(producerBatch(PID, (short) (EPOCH - 1), 6, 1, T0)).errorCode());
        assertEquals(6, log.append(producerBatch(PID, EPOCH, 6, 1, T0)).baseOffset());
    }

    @Test
    void stateSurvivesACrashAfterAnEveryAppendFlush() throws Exception {
        LogConfig c = withFlush(config(1 << 20), FlushPolicy.everyAppend());
        open(c);
        log.append(producerBatch(PID, EPOCH, 0, 2, T0));
        log.flush(); // a snapshot at offset 2; what follows must be replayed from the log
        log.append(producerBatch(PID, EPOCH, 2, 2, T0));
        log.append(producerBatch(PID, (short) (EPOCH + 1), 0, 1, T0));
        log.abandonForTest();

        open(c);
        assertEquals(5, log.logEndOffset());
        PartitionLog.AppendResult retry = log.append(producerBatch(PID, (short) (EPOCH + 1), 0, 1, T0));
        assertTrue(retry.duplicate());
        assertEquals(4, retry.baseOffset());
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, refused(producerBatch(PID, EPOCH, 4, 1, T0)).errorCode(),
                "the epoch bump after the snapshot was replayed");
    }

    @Test
    void stateIsRebuiltWhenTheSnapshotIsMissingOrDamaged() throws Exception {
        LogConfig c = config(300);
        open(c);
        for (int seq = 0; seq < 12; seq += 2) {
            log.append(producerBatch(PID, EPOCH, seq, 2, T0));
        }
        log.close();
        Files.write(dir.resolve(ProducerStateTable.SNAPSHOT_FILE), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21});

        open(c);
        assertTrue(log.append(producerBatch(PID, EPOCH, 10, 2, T0)).duplicate());
        log.close();
        Files.delete(dir.resolve(ProducerStateTable.SNAPSHOT_FILE));

        open(c);
        assertTrue(log.append(producerBatch(PID, EPOCH, 8, 2, T0)).duplicate());
        assertEquals(12, log.append(producerBatch(PID, EPOCH, 12, 1, T0)).baseOffset());
    }

    @Test
    void snapshotAheadOfATruncatedLogIsNotTrusted() throws Exception {
        LogConfig c = config(1 << 20);
        open(c);
        log.append(producerBatch(PID, EPOCH, 0, 2, T0));
        log.append(producerBatch(PID, EPOCH, 2, 2, T0));
        log.close(); // snapshot at offset 4
        Path file = dir.resolve("00000000000000000000.log");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(file) - 5); // the second batch is lost
        }

        open(c);
        assertEquals(2, log.logEndOffset());
        assertEquals(2, log.append(producerBatch(PID, EPOCH, 2, 2, T0)).baseOffset(),
                "sequence 2 is new again, not a duplicate of the lost batch");
    }

    @Test
    void controlBatchesCarryNoSequenceButAreFencedByEpoch() throws Exception {
        open(config(1 << 20));
        log.append(producerBatch(PID, EPOCH, 0, 1, T0));
        RecordBatchBuilder older = new RecordBatchBuilder(0).producer(PID, (short) (EPOCH - 1), -1).control(true);
        older.appendTransactionMarker(T0, new io.petrel.protocol.record.TransactionMarker(
                io.petrel.protocol.record.ControlRecordType.COMMIT, 0));
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, refused(older.build()).errorCode());

        RecordBatchBuilder marker = new RecordBatchBuilder(0).producer(PID, EPOCH, -1).control(true);
        marker.appendTransactionMarker(T0, new io.petrel.protocol.record.TransactionMarker(
                io.petrel.protocol.record.ControlRecordType.COMMIT, 0));
        assertEquals(1, log.append(marker.build()).baseOffset());
        assertEquals(2, log.append(producerBatch(PID, EPOCH, 1, 1, T0)).baseOffset());
    }

    @Test
    void retentionForgetsProducersWhoseBatchesAreAllGone() throws Exception {
        long seg = producerBatch(1, (short) 0, 0, 1, T0).remaining();
        open(LogTestSupport.withRetention(config(seg), -1, seg));
        log.append(producerBatch(1, (short) 0, 0, 1, T0));
        log.append(producerBatch(2, (short) 0, 0, 1, T0));
        log.append(producerBatch(2, (short) 0, 1, 1, T0));
        log.deleteExpiredSegments();
        assertEquals(2, log.logStartOffset());

        assertTrue(log.producerStateForTest().entry(1).isEmpty());
        assertFalse(log.append(producerBatch(1, (short) 0, 0, 1, T0)).duplicate(),
                "an unknown producer again: its old batch is gone");
    }
}
