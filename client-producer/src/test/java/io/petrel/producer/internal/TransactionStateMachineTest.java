package io.petrel.producer.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TimeoutException;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.FinalizedFeatures;
import io.petrel.client.Time;
import io.petrel.testsupport.ManualClock;
import io.petrel.producer.ProducerFencedException;
import io.petrel.producer.internal.TransactionStateMachine.AddOffsets;
import io.petrel.producer.internal.TransactionStateMachine.AddPartitions;
import io.petrel.producer.internal.TransactionStateMachine.CommitOffsets;
import io.petrel.producer.internal.TransactionStateMachine.EndTxn;
import io.petrel.producer.internal.TransactionStateMachine.InitProducerId;
import io.petrel.producer.internal.TransactionStateMachine.Next;
import io.petrel.producer.internal.TransactionStateMachine.Request;
import io.petrel.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transactional state machine on its own: the calls an application makes, the requests it asks the
 * sender to send and what each answer leads to, with time from a manual clock and no network.
 */
class TransactionStateMachineTest {
    private static final FinalizedFeatures TV1 = new FinalizedFeatures(10, Map.of("transaction.version", (short) 1));
    private static final FinalizedFeatures TV2 = new FinalizedFeatures(10, Map.of("transaction.version", (short) 2));
    private static final TopicPartition P0 = new TopicPartition("out", 0);
    private static final TopicPartition P1 = new TopicPartition("out", 1);
    private static final TopicPartition IN = new TopicPartition("in", 0);
    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("copy", 3, "member-1",
            java.util.Optional.empty());

    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);
    private final TransactionStateMachine machine = new TransactionStateMachine("tx-1");

    /** initTransactions() answered with producer id 7, epoch 0, by a coordinator with these features, and seen. */
    private TransactionResult initialized(FinalizedFeatures features) {
        TransactionResult init = machine.initTransactions();
        InitProducerId request = assertInstanceOf(InitProducerId.class, machine.nextRequest(false));
        assertFalse(request.epochBump());
        assertEquals(Next.DONE, machine.onProducerId(request, ErrorCode.NONE, 7, (short) 0, (short) 5, features));
        machine.runCompletions();
        init.await(time, 0);
        return init;
    }

    private <T extends Request> T next(Class<T> type) {
        Request request = machine.nextRequest(false);
        machine.runCompletions();
        return assertInstanceOf(type, request);
    }

    private static void assertDone(TransactionResult result) {
        assertTrue(result.isDone(), result.operation() + " should be done");
        result.await(Time.SYSTEM, 0);
    }

    private static <E extends Throwable> E assertFailed(Class<E> type, TransactionResult result) {
        assertTrue(result.isDone(), result.operation() + " should be done");
        return assertThrows(type, () -> result.await(Time.SYSTEM, 0));
    }

    @Test
    void initTransactionsGetsAProducerIdAndReadsTheTransactionsVersion() {
        TransactionResult init = initialized(TV2);
        assertDone(init);
        assertEquals(TransactionPhase.READY, machine.phase());
        assertEquals(7, machine.producerId());
        assertTrue(machine.transactionV2());

        TransactionStateMachine older = new TransactionStateMachine("tx-2");
        older.initTransactions();
        InitProducerId request = (InitProducerId) older.nextRequest(false);
        older.onProducerId(request, ErrorCode.NONE, 8, (short) 0, (short) 5, FinalizedFeatures.NONE);
        assertFalse(older.transactionV2(), "a cluster that finalizes no transaction.version runs version 1");
    }

    @Test
    void callsInTheWrongStateThrowNamingTheStateAndChangeNothing() {
        IllegalStateException e = assertThrows(IllegalStateException.class, machine::beginTransaction);
        assertTrue(e.getMessage().contains("UNINITIALIZED"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> machine.checkSend("out"));
        initialized(TV2);
        e = assertThrows(IllegalStateException.class, machine::beginCommit);
        assertTrue(e.getMessage().contains("from state READY to state COMMITTING_TRANSACTION"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> machine.checkSend("out"));
        assertTrue(e.getMessage().contains("READY") && e.getMessage().contains("beginTransaction"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> machine.sendOffsets(Map.of(IN, OffsetAndMetadata.of(1)), GROUP));
        assertTrue(e.getMessage().contains("READY"), e.getMessage());
        assertEquals(TransactionPhase.READY, machine.phase(), "a refused call changes nothing");
        machine.beginTransaction();
        e = assertThrows(IllegalStateException.class, machine::beginTransaction);
        assertTrue(e.getMessage().contains("IN_TRANSACTION"), e.getMessage());
        assertEquals(TransactionPhase.IN_TRANSACTION, machine.phase());
    }

    @Test
    void underVersion1APartitionIsAddedBeforeItsRecordsMayGoAndEndTxnWaitsForTheRecords() {
        initialized(TV1);
        machine.beginTransaction();
        machine.addPartition(P0);
        assertFalse(machine.mayDrain(P0), "not before AddPartitionsToTxn is answered");
        AddPartitions add = next(AddPartitions.class);
        assertEquals(Set.of(P0), add.partitions());
        assertEquals(Next.DONE, machine.onPartitionsAdded(add, Map.of(P0, ErrorCode.NONE)));
        assertTrue(machine.mayDrain(P0));
        machine.addPartition(P0);
        assertNull(machine.nextRequest(false), "a partition is added once per transaction");

        TransactionResult commit = machine.beginCommit();
        assertNull(machine.nextRequest(true), "EndTxn waits while records are unacknowledged");
        EndTxn end = next(EndTxn.class);
        assertTrue(end.commit());
        assertFalse(end.transactionV2(), "sent at a version-1 EndTxn version");
        assertEquals(Next.DONE, machine.onEndTxn(end, ErrorCode.NONE, -1, (short) -1, TV1));
        machine.runCompletions();
        assertDone(commit);
        assertEquals(TransactionPhase.READY, machine.phase());
        assertFalse(machine.mayDrain(P0), "the next transaction adds its partitions again");
    }

    @Test
    void underVersion2PartitionsJoinAtOnceAndEndTxnHandsBackTheNextEpoch() {
        initialized(TV2);
        machine.beginTransaction();
        machine.addPartition(P0);
        assertTrue(machine.mayDrain(P0), "Produce v12+ adds the partition itself");
        TransactionResult commit = machine.beginCommit();
        EndTxn end = next(EndTxn.class);
        assertTrue(end.transactionV2());
        machine.onEndTxn(end, ErrorCode.NONE, 7, (short) 1, TV2);
        machine.runCompletions();
        assertDone(commit);
        assertEquals(1, machine.epoch(), "the epoch EndTxn v5 returned");
    }

    @Test
    void aTransactionThatAddedNothingEndsWithoutEndTxn() {
        initialized(TV2);
        machine.beginTransaction();
        TransactionResult commit = machine.beginCommit();
        assertNull(machine.nextRequest(false));
        machine.runCompletions();
        assertDone(commit);
        assertEquals(TransactionPhase.READY, machine.phase());
    }

    @Test
    void aCommitThatTimedOutIsRetriedByCallingCommitAgainAndBlocksOtherCalls() {
        initialized(TV2);
        machine.beginTransaction();
        machine.addPartition(P0);
        TransactionResult commit = machine.beginCommit();
        TimeoutException timeout = assertThrows(TimeoutException.class, () -> commit.await(time, 0));
        assertTrue(timeout.getMessage().contains("EndTxn(commit)") && timeout.getMessage().contains("max.block.ms"),
                timeout.getMessage());

        assertSame(commit, machine.beginCommit(), "calling commit again waits on the same commit");
        IllegalStateException e = assertThrows(IllegalStateException.class, machine::beginAbort);
        assertTrue(e.getMessage().contains("commitTransaction") && e.getMessage().contains("timed out"), e.getMessage());
        assertThrows(IllegalStateException.class, machine::beginTransaction);

        EndTxn end = next(EndTxn.class);
        machine.onEndTxn(end, ErrorCode.NONE, 7, (short) 1, TV2);
        machine.runCompletions();
        assertThrows(IllegalStateException.class, machine::beginTransaction,
                "the application has not seen the commit's outcome yet");
        machine.beginCommit().await(time, 0);
        machine.beginTransaction();
        assertEquals(TransactionPhase.IN_TRANSACTION, machine.phase());
    }

    @Test
    void anAsynchronousCommitCountsAsSeenOnceItsFutureCompletes() throws Exception {
        initialized(TV2);
        machine.beginTransaction();
        machine.addPartition(P0);
        CompletableFuture<Void> commit = machine.beginCommit().handOut();
        EndTxn end = next(EndTxn.class);
        assertFalse(commit.isDone());
        machine.onEndTxn(end, ErrorCode.NONE, 7, (short) 1, TV2);
        machine.runCompletions();
        commit.get();
        machine.beginTransaction();
    }

    @Test
    void aFailedRecordMakesTheTransactionAbortableAndTheAbortBumpsTheEpochUnderVersion1() {
        initialized(TV1);
        machine.beginTransaction();
        machine.addPartition(P0);
        machine.onPartitionsAdded(next(AddPartitions.class), Map.of(P0, ErrorCode.NONE));
        BrokerErrorException cause = new BrokerErrorException(ErrorCode.INVALID_RECORD, "a bad record");
        machine.onBatchFailed(cause);
        assertTrue(machine.hasAbortableError());

        ClientException commit = assertThrows(ClientException.class, machine::beginCommit);
        assertSame(cause, commit.getCause());
        assertTrue(commit.getMessage().contains("ABORTABLE_ERROR"), commit.getMessage());
        assertThrows(ClientException.class, () -> machine.checkSend("out"));

        TransactionResult abort = machine.beginAbort();
        EndTxn end = next(EndTxn.class);
        assertFalse(end.commit());
        machine.onEndTxn(end, ErrorCode.NONE, -1, (short) -1, TV1);
        machine.runCompletions();
        assertFalse(abort.isDone(), "the abort ends with the epoch bump");
        InitProducerId bump = next(InitProducerId.class);
        assertTrue(bump.epochBump());
        machine.onProducerId(bump, ErrorCode.NONE, 7, (short) 1, (short) 5, TV1);
        machine.runCompletions();
        assertDone(abort);
        assertEquals(1, machine.epoch());
        machine.beginTransaction();
    }

    @Test
    void underVersion2TheAbortNeedsNoSeparateEpochBump() {
        initialized(TV2);
        machine.beginTransaction();
        machine.addPartition(P0);
        machine.onBatchFailed(new BrokerErrorException(ErrorCode.INVALID_PRODUCER_EPOCH, "old epoch"));
        TransactionResult abort = machine.beginAbort();
        machine.onEndTxn(next(EndTxn.class), ErrorCode.NONE, 7, (short) 2, TV2);
        machine.runCompletions();
        assertDone(abort);
        assertNull(machine.nextRequest(false));
        assertEquals(2, machine.epoch());
    }

    @Test
    void fencingIsFatalAndEveryLaterCallSaysSo() {
        initialized(TV2);
        machine.beginTransaction();
        machine.addPartition(P0);
        TransactionResult commit = machine.beginCommit();
        machine.onEndTxn(next(EndTxn.class), ErrorCode.PRODUCER_FENCED, -1, (short) -1, TV2);
        machine.runCompletions();
        assertFailed(ProducerFencedException.class, commit);
        assertTrue(machine.hasFatalError());
        ProducerFencedException again = assertThrows(ProducerFencedException.class, machine::beginTransaction);
        assertTrue(again.getMessage().contains("tx-1"), again.getMessage());
        assertThrows(ProducerFencedException.class, machine::beginAbort);
        assertFalse(machine.mayDrain(P0));
    }

    @Test
    void aFencedBatchIsFatalToo() {
        initialized(TV2);
        machine.beginTransaction();
        machine.onBatchFailed(new ProducerFencedException("fenced"));
        assertTrue(machine.hasFatalError());
        assertThrows(ProducerFencedException.class, () -> machine.checkSend("out"));
    }

    @Test
    void underVersion1OffsetsNeedAddOffsetsToTxnThenTxnOffsetCommitToTheGroup() {
        initialized(TV1);
        machine.beginTransaction();
        TransactionResult sent = machine.sendOffsets(Map.of(IN, OffsetAndMetadata.of(12)), GROUP);
        AddOffsets add = next(AddOffsets.class);
        assertEquals("copy", add.group().groupId());
        machine.onOffsetsAdded(add, ErrorCode.NONE);
        machine.runCompletions();
        assertFalse(sent.isDone(), "done only once the group coordinator has the offsets");
        CommitOffsets commit = next(CommitOffsets.class);
        assertFalse(commit.transactionV2());
        assertEquals(Map.of(IN, OffsetAndMetadata.of(12)), commit.offsets());
        assertEquals(GROUP, commit.group());
        machine.onOffsetsCommitted(commit, Map.of(IN, ErrorCode.NONE));
        machine.runCompletions();
        assertDone(sent);
        TransactionResult end = machine.beginCommit();
        assertInstanceOf(EndTxn.class, machine.nextRequest(false), "offsets alone make the transaction worth ending");
        assertFalse(end.isDone());
    }

    @Test
    void underVersion2TxnOffsetCommitAddsTheGroupItself() {
        initialized(TV2);
        machine.beginTransaction();
        machine.sendOffsets(Map.of(IN, OffsetAndMetadata.of(12)), GROUP);
        assertTrue(next(CommitOffsets.class).transactionV2());
    }

    @Test
    void offsetsRefusedForARetriableReasonAreSentAgainAloneAndAStaleMemberMakesTheTransactionAbortable() {
        initialized(TV2);
        machine.beginTransaction();
        TopicPartition in1 = new TopicPartition("in", 1);
        TransactionResult sent = machine.sendOffsets(Map.of(IN, OffsetAndMetadata.of(5), in1, OffsetAndMetadata.of(6)),
                GROUP);
        CommitOffsets first = next(CommitOffsets.class);
        assertEquals(Next.FIND_COORDINATOR_AND_RETRY, machine.onOffsetsCommitted(first,
                Map.of(IN, ErrorCode.NONE, in1, ErrorCode.NOT_COORDINATOR)));
        CommitOffsets again = next(CommitOffsets.class);
        assertEquals(Map.of(in1, OffsetAndMetadata.of(6)), again.offsets());
        machine.onOffsetsCommitted(again, Map.of(in1, ErrorCode.ILLEGAL_GENERATION));
        machine.runCompletions();
        ClientException e = assertFailed(ClientException.class, sent);
        assertTrue(e.getMessage().contains("generation 3") && e.getMessage().contains("member-1"), e.getMessage());
        assertTrue(machine.hasAbortableError());
    }

    @Test
    void theFirstAddPartitionsRefusedWhileThePreviousTransactionCompletesIsRetriedSoon() {
        initialized(TV1);
        machine.beginTransaction();
        machine.addPartition(P0);
        AddPartitions add = next(AddPartitions.class);
        assertEquals(Next.RETRY_SOON, machine.onPartitionsAdded(add, Map.of(P0, ErrorCode.CONCURRENT_TRANSACTIONS)));
        assertSame(add, machine.nextRequest(false), "the same request goes again");
        machine.onPartitionsAdded(add, Map.of(P0, ErrorCode.NONE));
        machine.addPartition(P1);
        AddPartitions second = next(AddPartitions.class);
        assertEquals(Next.RETRY, machine.onPartitionsAdded(second, Map.of(P1, ErrorCode.CONCURRENT_TRANSACTIONS)),
                "once a partition is in, the usual backoff");
    }

    @Test
    void coordinatorErrorsAskForTheCoordinatorAgain() {
        machine.initTransactions();
        InitProducerId init = (InitProducerId) machine.nextRequest(false);
        assertEquals(Next.FIND_COORDINATOR_AND_RETRY, machine.onProducerId(init, ErrorCode.NOT_COORDINATOR, -1,
                (short) -1, (short) 5, TV2));
        assertSame(init, machine.nextRequest(false));
        assertEquals(Next.RETRY, machine.onProducerId(init, ErrorCode.CONCURRENT_TRANSACTIONS, -1, (short) -1,
                (short) 5, TV2));
        assertEquals(Next.FIND_COORDINATOR_AND_RETRY, machine.onUnreachable(machine.nextRequest(false)));
    }

    @Test
    void aRequestWhoseTurnComesAfterTheTransactionFailedFailsWithThatError() {
        initialized(TV1);
        machine.beginTransaction();
        TransactionResult sent = machine.sendOffsets(Map.of(IN, OffsetAndMetadata.of(1)), GROUP);
        BrokerErrorException cause = new BrokerErrorException(ErrorCode.TRANSACTION_ABORTABLE, "abortable");
        machine.onBatchFailed(cause);
        assertNull(machine.nextRequest(false));
        machine.runCompletions();
        assertSame(cause, assertFailed(BrokerErrorException.class, sent));
    }

    @Test
    void aClusterMovingToVersion2BumpsTheEpochAfterTheTransaction() {
        initialized(TV1);
        machine.beginTransaction();
        machine.addPartition(P0);
        machine.onPartitionsAdded(next(AddPartitions.class), Map.of(P0, ErrorCode.NONE));
        TransactionResult commit = machine.beginCommit();
        machine.onEndTxn(next(EndTxn.class), ErrorCode.NONE, -1, (short) -1,
                new FinalizedFeatures(11, Map.of("transaction.version", (short) 2)));
        machine.runCompletions();
        InitProducerId bump = next(InitProducerId.class);
        assertTrue(bump.epochBump());
        machine.onProducerId(bump, ErrorCode.NONE, 7, (short) 1, (short) 5, TV2);
        machine.runCompletions();
        assertDone(commit);
        assertTrue(machine.transactionV2());
        machine.beginTransaction();
        machine.addPartition(P0);
        assertTrue(machine.mayDrain(P0));
    }

    @Test
    void closingFailsTheCallStillWaiting() {
        initialized(TV2);
        machine.beginTransaction();
        machine.addPartition(P0);
        TransactionResult commit = machine.beginCommit();
        machine.close(new ClientException("closed"));
        machine.runCompletions();
        assertEquals("closed", assertFailed(ClientException.class, commit).getMessage());
    }
}
