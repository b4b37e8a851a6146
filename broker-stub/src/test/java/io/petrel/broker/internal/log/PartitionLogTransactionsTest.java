package io.petrel.broker.internal.log;

import io.petrel.protocol.record.ControlRecordType;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.TransactionMarker;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batch;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The last stable offset, the aborted transactions and the .txnindex files of a partition log. */
class PartitionLogTransactionsTest extends PartitionLogFixture {
    private static final long P1 = 7001;
    private static final long P2 = 7002;

    PartitionLogTransactionsTest() {
        super("txns-0");
    }

    private static ByteBuffer txnBatch(long producerId, short epoch, int sequence, int records) {
        RecordBatchBuilder b = new RecordBatchBuilder(0).producer(producerId, epoch, sequence).transactional(true);
        for (int i = 0; i < records; i++) {
            b.append(T0, null, ("p" + producerId + "-" + (sequence + i)).getBytes());
        }
        return b.build();
    }

    private static ByteBuffer marker(long producerId, short epoch, boolean commit) {
        RecordBatchBuilder b = new RecordBatchBuilder(0).producer(producerId, epoch, -1).transactional(true).control(true);
        b.appendTransactionMarker(T0, new TransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, 0));
        return b.build();
    }

    @Test
    void anOpenTransactionHoldsTheLastStableOffsetAtItsFirstRecord() throws Exception {
        open(config(1 << 20));
        log.append(batch("plain", 2, T0));                      // 0-1
        log.append(txnBatch(P1, (short) 0, 0, 3));              // 2-4
        log.append(batch("plain", 1, T0));                      // 5
        assertEquals(2, log.lastStableOffset());
        assertEquals(6, log.logEndOffset());
        assertEquals(Map.of(P1, 2L), log.openTransactions());

        log.append(marker(P1, (short) 0, true));                // 6
        assertEquals(7, log.lastStableOffset(), "the commit marker releases everything");
        assertTrue(log.abortedTransactions(0, 7).isEmpty());
    }

    @Test
    void abortedTransactionsAreListedForTheRangeTheyOverlap() throws Exception {
        open(config(1 << 20));
        log.append(txnBatch(P1, (short) 0, 0, 2));              // 0-1
        log.append(txnBatch(P2, (short) 0, 0, 1));              // 2
        log.append(marker(P1, (short) 0, false));               // 3: P1 aborted
        assertEquals(2, log.lastStableOffset(), "P2 is still open");
        log.append(marker(P2, (short) 0, true));                // 4
        assertEquals(5, log.lastStableOffset());

        assertEquals(List.of(new AbortedTransaction(P1, 0, 3, 2)), log.abortedTransactions(0, 5));
        assertEquals(List.of(new AbortedTransaction(P1, 0, 3, 2)), log.abortedTransactions(3, 5));
        assertEquals(List.of(), log.abortedTransactions(4, 5), "a fetch after the marker needs no list");
        assertEquals(List.of(new AbortedTransaction(P1, 0, 3, 2)),
                TransactionIndex.readFile(dir.resolve(String.format("%020d", 0) + TransactionIndex.SUFFIX)));
    }

    @Test
    void aReadCommittedReadStopsAtTheLastStableOffset() throws Exception {
        open(config(1 << 20));
        log.append(batch("plain", 2, T0));                      // 0-1
        log.append(txnBatch(P1, (short) 0, 0, 2));              // 2-3
        LogSlice committed = log.read(0, 1 << 20, true, log.lastStableOffset());
        assertEquals(List.of("plain-0", "plain-1"), LogTestSupport.values(LogTestSupport.batchesOf(committed)));
        assertEquals(0, log.read(2, 1 << 20, true, log.lastStableOffset()).sizeInBytes(),
                "between the LSO and the log end there is nothing to read yet");
    }

    @Test
    void openAndAbortedTransactionsAreRebuiltAfterACrash() throws Exception {
        open(config(1 << 20));
        log.append(txnBatch(P1, (short) 0, 0, 2));              // 0-1
        log.append(marker(P1, (short) 0, false));               // 2
        log.append(txnBatch(P2, (short) 0, 0, 1));              // 3: left open
        java.nio.file.Path index = dir.resolve(String.format("%020d", 0) + TransactionIndex.SUFFIX);
        log.abandonForTest();
        Files.delete(index); // as if the crash came between the marker and its index entry
        log = null;

        open(config(1 << 20));
        assertEquals(3, log.lastStableOffset(), "the open transaction still holds the LSO");
        assertEquals(Map.of(P2, 3L), log.openTransactions());
        assertEquals(List.of(new AbortedTransaction(P1, 0, 2, 3)), log.abortedTransactions(0, 4));
        assertEquals(List.of(new AbortedTransaction(P1, 0, 2, 3)), TransactionIndex.readFile(index),
                "the index file is rewritten from the log");
    }

    @Test
    void retentionDropsTheIndexOfDeletedSegments() throws Exception {
        open(LogTestSupport.withRetention(config(200), 0, -1));
        log.append(txnBatch(P1, (short) 0, 0, 1));
        log.append(marker(P1, (short) 0, false));
        long firstSegmentEnd = log.logEndOffset();
        for (int i = 0; i < 5; i++) {
            log.append(batch("later" + i, 3, T0));
        }
        java.nio.file.Path index = dir.resolve(String.format("%020d", 0) + TransactionIndex.SUFFIX);
        assertTrue(Files.exists(index));
        clock.advance(java.time.Duration.ofMillis(10));
        assertTrue(log.deleteExpiredSegments() > 0);
        assertTrue(log.logStartOffset() >= firstSegmentEnd);
        assertFalse(Files.exists(index));
        assertTrue(log.abortedTransactions(0, log.logEndOffset()).isEmpty());
    }
}
