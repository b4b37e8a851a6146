package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.group.TransactionalOffset;
import io.petrel.broker.internal.group.TransactionalOffsetStore;
import io.petrel.broker.internal.handler.ProducerIdAllocator;
import io.petrel.broker.internal.topic.TopicPartition;
import io.petrel.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's state machine with a recording marker writer, a recording offset store and a
 * monotonic clock the test moves: epochs and fencing, TV1 and TV2 ends, timeouts, and recovery from the
 * journal.
 */
class TransactionCoordinatorTest {
    private static final String TXN = "txn-a";
    private static final TopicPartition TP0 = new TopicPartition("t", 0);
    private static final TopicPartition TP1 = new TopicPartition("t", 1);
    private static final int TIMEOUT_MS = 60_000;
    private static final int STALE_GENERATION = 3;
    private static final TransactionCoordinator.GroupMember NO_MEMBER = TransactionCoordinator.GroupMember.NONE;

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();
    private final Clock wall = Clock.fixed(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC);
    /** Markers written, as "topic-partition producerId/epoch COMMIT|ABORT". */
    private final List<String> markers = new ArrayList<>();
    private final Map<String, List<TransactionalOffset>> stored = new HashMap<>();
    private boolean markersFail;
    private TransactionCoordinator coordinator;

    private TransactionCoordinator open() throws IOException {
        coordinator = TransactionCoordinator.open(dir, wall, new MonotonicClock(nanos::get), 15 * 60_000, true,
                ProducerIdAllocator.open(dir), (tp, pid, epoch, commit) -> {
                    if (markersFail) {
                        throw new IOException("disk full (test)");
                    }
                    markers.add(tp.topic() + "-" + tp.partition() + " " + pid + "/" + epoch + " "
                            + (commit ? "COMMIT" : "ABORT"));
                }, new TransactionalOffsetStore() {
                    @Override
                    public ErrorCode validateMember(String group, int generationId, String memberId,
                                                    String groupInstanceId) {
                        return generationId == STALE_GENERATION ? ErrorCode.ILLEGAL_GENERATION : ErrorCode.NONE;
                    }

                    @Override
                    public void commit(String group, List<TransactionalOffset> offsets) {
                        stored.computeIfAbsent(group, g -> new ArrayList<>()).addAll(offsets);
                    }
                });
        return coordinator;
    }

    @AfterEach
    void close() throws IOException {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    private void advance(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    private TransactionState state() {
        return coordinator.transactions().get(0).state();
    }

    @Test
    void tv2CommitWritesMarkersBumpsTheEpochAndStoresOffsets() throws IOException {
        open();
        TransactionCoordinator.InitResult init = coordinator.initProducerId(TXN, TIMEOUT_MS, -1, (short) -1);
        long pid = init.producerId();
        assertEquals(new TransactionCoordinator.InitResult(ErrorCode.NONE, pid, (short) 0), init);

        assertEquals("ok", coordinator.produce(TXN, pid, (short) 0, TP0, true, () -> "ok", ErrorCode::name));
        assertEquals("ok", coordinator.produce(TXN, pid, (short) 0, TP1, true, () -> "ok", ErrorCode::name));
        TransactionalOffset offset = new TransactionalOffset("in", 0, 42, -1, "");
        assertEquals(ErrorCode.NONE,
                coordinator.txnOffsetCommit(TXN, pid, (short) 0, "g", NO_MEMBER, List.of(offset), true));
        assertTrue(coordinator.pendingOffsets().isPending("g", "in", 0));
        assertEquals(TransactionState.ONGOING, state());
        assertEquals(ErrorCode.ILLEGAL_GENERATION, coordinator.txnOffsetCommit(TXN, pid, (short) 0, "g",
                new TransactionCoordinator.GroupMember(STALE_GENERATION, "member-1", null),
                List.of(new TransactionalOffset("in", 0, 99, -1, "")), true), "a zombie member commits nothing");

        TransactionCoordinator.EndResult end = coordinator.endTxn(TXN, pid, (short) 0, true, true);
        assertEquals(new TransactionCoordinator.EndResult(ErrorCode.NONE, pid, (short) 1), end);
        assertEquals(List.of("t-0 " + pid + "/1 COMMIT", "t-1 " + pid + "/1 COMMIT"), markers);
        assertEquals(Map.of("g", List.of(offset)), stored);
        assertFalse(coordinator.pendingOffsets().isPending("g", "in", 0));
        assertEquals(TransactionState.COMPLETE_COMMIT, state());

        assertEquals(end, coordinator.endTxn(TXN, pid, (short) 0, true, true), "a retried EndTxn gets the same answer");
        assertEquals(2, markers.size(), "and writes nothing again");
    }

    @Test
    void tv1NeedsPartitionsAddedFirstAndKeepsTheEpoch() throws IOException {
        open();
        long pid = coordinator.initProducerId(TXN, TIMEOUT_MS, -1, (short) -1).producerId();
        assertEquals("INVALID_TXN_STATE", coordinator.produce(TXN, pid, (short) 0, TP0, false, () -> "ok",
                ErrorCode::name));
        assertEquals(ErrorCode.INVALID_TXN_STATE,
                coordinator.txnOffsetCommit(TXN, pid, (short) 0, "g", NO_MEMBER, List.of(), false),
                "AddOffsetsToTxn first");
        assertEquals(ErrorCode.NONE, coordinator.addPartitions(TXN, pid, (short) 0, List.of(TP0), false));
        assertEquals(ErrorCode.NONE, coordinator.addPartitions(TXN, pid, (short) 0, List.of(TP0), true));
        assertEquals(ErrorCode.INVALID_TXN_STATE, coordinator.addPartitions(TXN, pid, (short) 0, List.of(TP1), true));
        assertEquals("ok", coordinator.produce(TXN, pid, (short) 0, TP0, false, () -> "ok", ErrorCode::name));

        TransactionCoordinator.EndResult end = coordinator.endTxn(TXN, pid, (short) 0, false, false);
        assertEquals(ErrorCode.NONE, end.error());
        assertEquals(List.of("t-0 " + pid + "/0 ABORT"), markers);
        assertEquals(ErrorCode.INVALID_TXN_STATE, coordinator.endTxn(TXN, pid, (short) 0, true, false).error(),
                "a commit after the abort is refused");
    }

    @Test
    void aNewProducerAbortsTheOpenTransactionAndFencesTheOldEpoch() throws IOException {
        open();
        long pid = coordinator.initProducerId(TXN, TIMEOUT_MS, -1, (short) -1).producerId();
        coordinator.produce(TXN, pid, (short) 0, TP0, true, () -> "ok", ErrorCode::name);

        TransactionCoordinator.InitResult second = coordinator.initProducerId(TXN, TIMEOUT_MS, -1, (short) -1);
        assertEquals(pid, second.producerId());
        assertEquals((short) 2, second.producerEpoch(), "one bump fences and aborts, one is the new producer's");
        assertEquals(List.of("t-0 " + pid + "/1 ABORT"), markers);

        assertEquals(ErrorCode.PRODUCER_FENCED, coordinator.endTxn(TXN, pid, (short) 0, true, true).error());
        assertEquals("INVALID_PRODUCER_EPOCH", coordinator.produce(TXN, pid, (short) 0, TP0, true, () -> "ok",
                ErrorCode::name));
        assertEquals(ErrorCode.PRODUCER_FENCED, coordinator.addPartitions(TXN, pid, (short) 0, List.of(TP0), false));
    }

    @Test
    void aTransactionPastItsTimeoutIsAbortedOnTheMonotonicClock() throws IOException {
        open();
        long pid = coordinator.initProducerId(TXN, 1_000, -1, (short) -1).producerId();
        coordinator.produce(TXN, pid, (short) 0, TP0, true, () -> "ok", ErrorCode::name);
        advance(1_000);
        coordinator.tick();
        assertEquals(TransactionState.ONGOING, state(), "not past the timeout yet");
        advance(1);
        coordinator.tick();
        assertEquals(TransactionState.COMPLETE_ABORT, state());
        assertEquals(List.of("t-0 " + pid + "/1 ABORT"), markers);
        assertEquals(ErrorCode.PRODUCER_FENCED, coordinator.endTxn(TXN, pid, (short) 0, true, true).error());
    }

    @Test
    void timeoutsAboveTheMaximumAreRefused() throws IOException {
        open();
        assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT,
                coordinator.initProducerId(TXN, 15 * 60_000 + 1, -1, (short) -1).error());
        assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT, coordinator.initProducerId(TXN, 0, -1, (short) -1).error());
    }

    @Test
    void aPrepareCommitLeftByACrashIsCompletedOnOpen() throws IOException {
        open();
        long pid = coordinator.initProducerId(TXN, TIMEOUT_MS, -1, (short) -1).producerId();
        coordinator.produce(TXN, pid, (short) 0, TP0, true, () -> "ok", ErrorCode::name);
        coordinator.txnOffsetCommit(TXN, pid, (short) 0, "g", NO_MEMBER,
                List.of(new TransactionalOffset("in", 0, 7, -1, "")), true);
        markersFail = true;
        TransactionCoordinator.EndResult end = coordinator.endTxn(TXN, pid, (short) 0, true, true);
        assertEquals(ErrorCode.NONE, end.error(), "the outcome is decided once PrepareCommit is journaled");
        assertEquals(TransactionState.PREPARE_COMMIT, state());
        assertTrue(stored.isEmpty());
        coordinator.close();

        markersFail = false;
        open();
        assertEquals(TransactionState.COMPLETE_COMMIT, state());
        assertEquals(List.of("t-0 " + pid + "/1 COMMIT"), markers);
        assertEquals(List.of(new TransactionalOffset("in", 0, 7, -1, "")), stored.get("g"));
    }

    @Test
    void anOngoingTransactionSurvivesARestartAndTimesOutAfterIt() throws IOException {
        open();
        long pid = coordinator.initProducerId(TXN, 5_000, -1, (short) -1).producerId();
        coordinator.produce(TXN, pid, (short) 0, TP0, true, () -> "ok", ErrorCode::name);
        coordinator.close();

        open();
        assertEquals(TransactionState.ONGOING, state());
        assertEquals(List.of(TP0), coordinator.transactions().get(0).partitions());
        advance(5_001);
        coordinator.tick();
        assertEquals(TransactionState.COMPLETE_ABORT, state());
        assertEquals(List.of("t-0 " + pid + "/1 ABORT"), markers);
    }

    @Test
    void aTornJournalTailIsDropped() throws IOException {
        open();
        coordinator.initProducerId(TXN, TIMEOUT_MS, -1, (short) -1);
        coordinator.close();
        Path journal = dir.resolve(TransactionJournal.FILE);
        java.nio.file.Files.write(journal, new byte[]{0, 0, 0, 50, 1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        open();
        assertEquals(1, coordinator.transactions().size());
        assertEquals((short) 1, coordinator.initProducerId(TXN, TIMEOUT_MS, -1, (short) -1).producerEpoch());
    }
}
