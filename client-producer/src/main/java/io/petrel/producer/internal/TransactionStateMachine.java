package io.petrel.producer.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClusterAuthorizationException;
import io.petrel.client.ClientException;
import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicAuthorizationException;
import io.petrel.client.TopicPartition;
import io.petrel.client.TransactionalIdAuthorizationException;
import io.petrel.client.UnsupportedVersionException;
import io.petrel.client.internal.FinalizedFeatures;
import io.petrel.producer.ProducerFencedException;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The transactional producer's state machine: which calls are allowed when, which requests the transaction
 * coordinator must get next, and what each answer means. It does no I/O: the application's calls come in
 * through {@link #initTransactions}, {@link #beginTransaction}, {@link #sendOffsets}, {@link #beginCommit} and
 * {@link #beginAbort}; the sender thread takes {@link #nextRequest}s, has {@link TransactionRequests} send
 * them, and reports each answer back ({@link #onProducerId}, {@link #onPartitionsAdded}, ...), which returns
 * what to do with the request: done, or retry (after finding the coordinator again, perhaps).
 *
 * <p>The rules are kafka-clients' (its TransactionManager), so applications written for it behave the same:
 * <ul>
 *   <li>Phases and moves are {@link TransactionPhase}'s. An application call in the wrong phase throws an
 *       IllegalStateException naming the phase, and changes nothing.</li>
 *   <li>An error the application can recover from (a record that failed, TRANSACTION_ABORTABLE, a consumer
 *       group that moved on) puts the producer in ABORTABLE_ERROR: every call but abortTransaction() then throws
 *       it; after the abort the producer goes on. Fencing (PRODUCER_FENCED, or INVALID_PRODUCER_EPOCH from the
 *       coordinator), a transactional id the producer may not use and an unsupported version put it in
 *       FATAL_ERROR: every call throws, and the producer must be closed.</li>
 *   <li>A call that timed out (max.block.ms) leaves its result pending: the same call made again waits on it
 *       ({@link TransactionResult}); any other call is refused until the application has seen it.</li>
 *   <li>Requests go one at a time, by priority: InitProducerId, then AddPartitionsToTxn / AddOffsetsToTxn /
 *       TxnOffsetCommit, then EndTxn (held back until every record of the transaction is acknowledged),
 *       then an epoch bump. A transaction that added nothing ends without EndTxn.</li>
 * </ul>
 *
 * <p><b>Transactions version.</b> Version 2 (KIP-890) when the cluster's finalized {@code transaction.version}
 * is 2 or more, else version 1; read, as kafka-clients does, when initTransactions completes and again after
 * each transaction, so a cluster upgraded meanwhile is followed from the next transaction. Version 1 adds each
 * partition with AddPartitionsToTxn before its first record goes out, and a consumer group's offsets with
 * AddOffsetsToTxn before TxnOffsetCommit; version 2 lets Produce (v12+) and TxnOffsetCommit (v5) add them, and
 * EndTxn (v5+) hands back a new epoch after every transaction. Moving from version 1 to 2 bumps the epoch once
 * with InitProducerId, as does an abort after a record failed under version 1 (KIP-360), so sequences restart.
 *
 * <p>Threading: every method holds this object's lock; results are completed outside it, by whoever calls
 * {@link #runCompletions} (the sender thread after each report, the caller after {@link #close}), so an
 * application's callback on a result never runs under the lock.
 */
final class TransactionStateMachine {
    private static final Logger log = LoggerFactory.getLogger(TransactionStateMachine.class);
    private static final String TRANSACTION_VERSION = "transaction.version";

    /**
     * What the sender does after an answer was reported. Every verdict but DONE means the request (or, for
     * TxnOffsetCommit, its partitions still to commit) is back in the queue, to go again after a wait.
     */
    enum Next {
        /** The request is over (its result is completed, or another request carries it on). */
        DONE,
        /** Wait the retry backoff. */
        RETRY,
        /** Wait little: the previous transaction is still completing (CONCURRENT_TRANSACTIONS). */
        RETRY_SOON,
        /** The coordinator moved or is not ready: find it again, after the retry backoff. */
        FIND_COORDINATOR_AND_RETRY
    }

    /** A request for the transaction coordinator (or, for {@link CommitOffsets}, the group coordinator). */
    sealed interface Request permits InitProducerId, AddPartitions, AddOffsets, CommitOffsets, EndTxn {
        TransactionResult result();

        /** Lower goes first, as in kafka-clients. */
        int priority();
    }

    /** InitProducerId: a first producer id and epoch, or (epochBump) a new epoch of the current id. */
    record InitProducerId(boolean epochBump, TransactionResult result) implements Request {
        @Override
        public int priority() {
            return epochBump ? 4 : 1;
        }
    }

    /** AddPartitionsToTxn (transactions version 1). */
    record AddPartitions(Set<TopicPartition> partitions, TransactionResult result) implements Request {
        @Override
        public int priority() {
            return 2;
        }
    }

    /** AddOffsetsToTxn (transactions version 1), then {@link CommitOffsets} on the same result. */
    record AddOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
                      TransactionResult result) implements Request {
        @Override
        public int priority() {
            return 2;
        }
    }

    /** TxnOffsetCommit to the group's coordinator; version 5 (transactions version 2) also adds the group. */
    record CommitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
                         boolean transactionV2, TransactionResult result) implements Request {
        @Override
        public int priority() {
            return 2;
        }
    }

    /** EndTxn, at the version of the transaction it ends (v5+ for transactions version 2, else at most v4). */
    record EndTxn(boolean commit, boolean transactionV2, TransactionResult result) implements Request {
        @Override
        public int priority() {
            return 3;
        }
    }

    /** A call that has not been seen through: its result, the phase it moves to, and its name. */
    private record PendingCall(TransactionResult result, TransactionPhase target, String operation) {
    }

    private final String transactionalId;
    private final PriorityQueue<Request> queue;
    private final Map<Request, Long> order = new java.util.IdentityHashMap<>();
    private final Set<TopicPartition> newPartitions = new HashSet<>();
    private final Set<TopicPartition> pendingPartitions = new HashSet<>();
    private final Set<TopicPartition> partitionsInTransaction = new HashSet<>();
    private final List<Runnable> completions = new ArrayList<>();
    private long enqueued;
    private TransactionPhase phase = TransactionPhase.UNINITIALIZED;
    private RuntimeException lastError;
    private long producerId = -1;
    private short epoch = -1;
    private PendingCall pendingCall;
    private boolean transactionStarted;
    private boolean transactionV2;
    private long featuresEpoch = -1;
    private boolean epochBumpRequired;
    private boolean coordinatorBumpsEpochs;

    TransactionStateMachine(String transactionalId) {
        this.transactionalId = transactionalId;
        Comparator<Request> byPriority = Comparator.comparingInt(Request::priority);
        this.queue = new PriorityQueue<>(byPriority.thenComparingLong(order::get));
    }

    // ---- application calls ----------------------------------------------------------------------------

    /** initTransactions(): asks for the producer id (and fences older producers of the same id). */
    synchronized TransactionResult initTransactions() {
        return callOnce(TransactionPhase.INITIALIZING, "initTransactions", () -> {
            maybeFailWithError();
            moveTo(TransactionPhase.INITIALIZING);
            TransactionResult result = new TransactionResult("InitProducerId");
            enqueue(new InitProducerId(false, result));
            return result;
        });
    }

    /** beginTransaction(): opens a transaction locally; the coordinator hears of it with its first partition. */
    synchronized void beginTransaction() {
        throwIfPendingCall("beginTransaction");
        maybeFailWithError();
        moveTo(TransactionPhase.IN_TRANSACTION);
    }

    /** commitTransaction(): EndTxn(commit) once every record of the transaction is acknowledged. */
    synchronized TransactionResult beginCommit() {
        return callOnce(TransactionPhase.COMMITTING_TRANSACTION, "commitTransaction", () -> {
            maybeFailWithError();
            moveTo(TransactionPhase.COMMITTING_TRANSACTION);
            return endTransaction(true);
        });
    }

    /** abortTransaction(): allowed from an abortable error too; records not sent yet are dropped. */
    synchronized TransactionResult beginAbort() {
        return callOnce(TransactionPhase.ABORTING_TRANSACTION, "abortTransaction", () -> {
            if (phase != TransactionPhase.ABORTABLE_ERROR) {
                maybeFailWithError();
            }
            moveTo(TransactionPhase.ABORTING_TRANSACTION);
            newPartitions.clear();
            return endTransaction(false);
        });
    }

    private TransactionResult endTransaction(boolean commit) {
        TransactionResult result = new TransactionResult("EndTxn(" + (commit ? "commit" : "abort") + ")");
        if (!transactionV2 && !newPartitions.isEmpty()) {
            enqueue(addPartitions());
        }
        enqueue(new EndTxn(commit, transactionV2, result));
        return result;
    }

    /** sendOffsetsToTransaction(): the consumer's offsets, committed with the transaction. */
    synchronized TransactionResult sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets,
                                               ConsumerGroupMetadata group) {
        throwIfPendingCall("sendOffsetsToTransaction");
        maybeFailWithError();
        if (phase != TransactionPhase.IN_TRANSACTION) {
            throw new IllegalStateException(prefix() + "cannot send offsets to the transaction in state " + phase
                    + ": no transaction is open; call beginTransaction() first");
        }
        TransactionResult result = new TransactionResult("sendOffsetsToTransaction");
        Map<TopicPartition, OffsetAndMetadata> copy = new LinkedHashMap<>(offsets);
        if (transactionV2) {
            transactionStarted = true;
            enqueue(new CommitOffsets(copy, group, true, result));
        } else {
            enqueue(new AddOffsets(copy, group, result));
        }
        return result;
    }

    /**
     * Whether send() may go on: a transaction must be open and the producer in no error state.
     *
     * @throws IllegalStateException   outside a transaction, naming the phase
     * @throws ProducerFencedException when fenced
     * @throws ClientException         in another error state, with the error as its cause
     */
    synchronized void checkSend(String topic) {
        maybeFailWithError();
        throwIfPendingCall("send");
        if (producerId < 0) {
            throw new IllegalStateException(prefix() + "cannot send to " + topic + " before initTransactions()"
                    + " has completed (state " + phase + ")");
        }
        if (phase != TransactionPhase.IN_TRANSACTION) {
            throw new IllegalStateException(prefix() + "cannot send to " + topic + " in state " + phase
                    + ": no transaction is open; call beginTransaction() first");
        }
    }

    // ---- the sender's side ------------------------------------------------------------------------------

    /**
     * A record was appended to {@code partition} (on the caller's thread, or the sender's once its topic was
     * known): under version 1 the partition is added before its batches may go; under version 2 at once.
     */
    synchronized void addPartition(TopicPartition partition) {
        if (phase != TransactionPhase.IN_TRANSACTION && phase != TransactionPhase.COMMITTING_TRANSACTION) {
            return;
        }
        if (partitionsInTransaction.contains(partition) || pendingPartitions.contains(partition)) {
            return;
        }
        if (transactionV2) {
            partitionsInTransaction.add(partition);
            transactionStarted = true;
        } else {
            newPartitions.add(partition);
        }
    }

    /** Whether batches of the partition may be sent: it is in the transaction and nothing is fatal. */
    synchronized boolean mayDrain(TopicPartition partition) {
        return phase != TransactionPhase.FATAL_ERROR && producerId >= 0 && partitionsInTransaction.contains(partition);
    }

    /**
     * The next request to send, or null when there is none or EndTxn must wait for records still held
     * ({@code recordsOutstanding}). A request whose turn comes in an error state fails with that error.
     */
    synchronized Request nextRequest(boolean recordsOutstanding) {
        if (!newPartitions.isEmpty()) {
            enqueue(addPartitions());
        }
        Request next = queue.peek();
        if (next == null || next instanceof EndTxn && recordsOutstanding) {
            return null;
        }
        take();
        if (phase == TransactionPhase.ABORTABLE_ERROR || phase == TransactionPhase.FATAL_ERROR) {
            log.debug("{}not sending {}: in state {}", prefix(), next.getClass().getSimpleName(), phase);
            fail(next.result(), lastError);
            return null;
        }
        if (next instanceof EndTxn end && !transactionStarted) {
            log.debug("{}not sending EndTxn: the transaction added no partition and no offsets", prefix());
            completeTransaction(end, false);
            next = take();
        }
        return next;
    }

    private Request take() {
        Request r = queue.poll();
        if (r != null) {
            order.remove(r);
        }
        return r;
    }

    /** The request did not reach its coordinator (a dropped connection, a timeout): it goes again. */
    synchronized Next onUnreachable(Request request) {
        return again(request, Next.FIND_COORDINATOR_AND_RETRY);
    }

    private Next again(Request request, Next verdict) {
        enqueue(request);
        return verdict;
    }

    /** InitProducerId answered. */
    synchronized Next onProducerId(InitProducerId request, ErrorCode error, long id, short newEpoch, short version,
                                   FinalizedFeatures features) {
        switch (error) {
            case NONE -> {
                producerId = id;
                epoch = newEpoch;
                coordinatorBumpsEpochs = version >= 3;
                moveTo(TransactionPhase.READY);
                lastError = null;
                if (!request.epochBump()) {
                    refreshTransactionVersion(features, true);
                }
                log.info("{}producer id {} epoch {} (transactions version {})", prefix(), id, newEpoch,
                        transactionV2 ? 2 : 1);
                complete(request.result());
                return Next.DONE;
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                return again(request, Next.FIND_COORDINATOR_AND_RETRY);
            }
            case TRANSACTIONAL_ID_AUTHORIZATION_FAILED, CLUSTER_AUTHORIZATION_FAILED, TRANSACTION_ABORTABLE -> {
                abortableError(request, BrokerErrorException.forResource(error, transactionalId,
                        prefix() + "InitProducerId failed"));
                return Next.DONE;
            }
            case INVALID_PRODUCER_EPOCH, PRODUCER_FENCED -> {
                fatalError(request, fenced(error));
                return Next.DONE;
            }
            default -> {
                if (error.retriable()) {
                    return again(request, Next.RETRY);
                }
                fatalError(request, new BrokerErrorException(error, prefix() + "InitProducerId failed: "
                        + error.message()));
                return Next.DONE;
            }
        }
    }

    /** AddPartitionsToTxn answered, with an error per partition. */
    synchronized Next onPartitionsAdded(AddPartitions request, Map<TopicPartition, ErrorCode> errors) {
        Set<String> unauthorizedTopics = new HashSet<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<TopicPartition, ErrorCode> e : errors.entrySet()) {
            ErrorCode error = e.getValue();
            switch (error) {
                case NONE -> {
                }
                case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                    return again(request, Next.FIND_COORDINATOR_AND_RETRY);
                }
                case CONCURRENT_TRANSACTIONS -> {
                    return again(request, partitionsInTransaction.isEmpty() ? Next.RETRY_SOON : Next.RETRY);
                }
                case INVALID_PRODUCER_EPOCH, PRODUCER_FENCED -> {
                    fatalError(request, fenced(error));
                    return Next.DONE;
                }
                case TRANSACTIONAL_ID_AUTHORIZATION_FAILED, INVALID_TXN_STATE -> {
                    fatalError(request, BrokerErrorException.forResource(error, transactionalId,
                            prefix() + "AddPartitionsToTxn failed"));
                    return Next.DONE;
                }
                case TOPIC_AUTHORIZATION_FAILED -> unauthorizedTopics.add(e.getKey().topic());
                case UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_ID_MAPPING -> {
                    abortableErrorIfPossible(request, new BrokerErrorException(error, prefix()
                            + "AddPartitionsToTxn failed"));
                    return Next.DONE;
                }
                case TRANSACTION_ABORTABLE -> {
                    abortableError(request, new BrokerErrorException(error, prefix() + "AddPartitionsToTxn failed"));
                    return Next.DONE;
                }
                default -> {
                    if (error.retriable()) {
                        return again(request, Next.RETRY);
                    }
                    failures.add(e.getKey() + ": " + error);
                }
            }
        }
        pendingPartitions.removeAll(request.partitions());
        if (!unauthorizedTopics.isEmpty()) {
            abortableError(request, new TopicAuthorizationException(unauthorizedTopics, prefix()
                    + "not authorized to write to topics " + unauthorizedTopics));
        } else if (!failures.isEmpty()) {
            abortableError(request, new ClientException(prefix() + "could not add partitions to the transaction: "
                    + failures));
        } else {
            partitionsInTransaction.addAll(request.partitions());
            transactionStarted = true;
            complete(request.result());
        }
        return Next.DONE;
    }

    /** AddOffsetsToTxn answered; on success TxnOffsetCommit follows on the same result. */
    synchronized Next onOffsetsAdded(AddOffsets request, ErrorCode error) {
        switch (error) {
            case NONE -> {
                enqueue(new CommitOffsets(request.offsets(), request.group(), false, request.result()));
                transactionStarted = true;
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                return again(request, Next.FIND_COORDINATOR_AND_RETRY);
            }
            case UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_ID_MAPPING -> abortableErrorIfPossible(request,
                    new BrokerErrorException(error, prefix() + "AddOffsetsToTxn failed"));
            case INVALID_PRODUCER_EPOCH, PRODUCER_FENCED -> fatalError(request, fenced(error));
            case TRANSACTIONAL_ID_AUTHORIZATION_FAILED, INVALID_TXN_STATE -> fatalError(request,
                    BrokerErrorException.forResource(error, transactionalId, prefix() + "AddOffsetsToTxn failed"));
            case GROUP_AUTHORIZATION_FAILED, TRANSACTION_ABORTABLE -> abortableError(request,
                    BrokerErrorException.forResource(error, request.group().groupId(), prefix() + "AddOffsetsToTxn for"
                            + " group '" + request.group().groupId() + "' failed"));
            default -> {
                if (error.retriable()) {
                    return again(request, Next.RETRY);
                }
                fatalError(request, new BrokerErrorException(error, prefix() + "AddOffsetsToTxn failed: "
                        + error.message()));
            }
        }
        return Next.DONE;
    }

    /**
     * TxnOffsetCommit answered, with an error per partition. Partitions with a retriable error are sent again
     * (a coordinator error means the group's coordinator must be found again).
     */
    synchronized Next onOffsetsCommitted(CommitOffsets request, Map<TopicPartition, ErrorCode> errors) {
        Map<TopicPartition, OffsetAndMetadata> again = new LinkedHashMap<>();
        boolean findCoordinator = false;
        for (Map.Entry<TopicPartition, ErrorCode> e : errors.entrySet()) {
            ErrorCode error = e.getValue();
            switch (error) {
                case NONE -> {
                }
                case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, REQUEST_TIMED_OUT -> {
                    findCoordinator = true;
                    again.put(e.getKey(), request.offsets().get(e.getKey()));
                }
                case GROUP_AUTHORIZATION_FAILED, FENCED_INSTANCE_ID, TRANSACTION_ABORTABLE -> {
                    abortableError(request, BrokerErrorException.forResource(error, request.group().groupId(),
                            prefix() + "TxnOffsetCommit for group '" + request.group().groupId() + "' failed"));
                    return Next.DONE;
                }
                case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                    abortableError(request, new ClientException(prefix() + "TxnOffsetCommit for group '"
                            + request.group().groupId() + "' failed: the consumer's group metadata (generation "
                            + request.group().generationId() + ", member '" + request.group().memberId()
                            + "') is no longer current (" + error + "); the group rebalanced, abort the transaction"));
                    return Next.DONE;
                }
                case INVALID_PRODUCER_EPOCH, PRODUCER_FENCED -> {
                    fatalError(request, fenced(error));
                    return Next.DONE;
                }
                default -> {
                    if (error.retriable()) {
                        again.put(e.getKey(), request.offsets().get(e.getKey()));
                    } else {
                        fatalError(request, new BrokerErrorException(error, prefix() + "TxnOffsetCommit failed"));
                        return Next.DONE;
                    }
                }
            }
        }
        if (again.isEmpty()) {
            complete(request.result());
            return Next.DONE;
        }
        enqueue(new CommitOffsets(again, request.group(), request.transactionV2(), request.result()));
        return findCoordinator ? Next.FIND_COORDINATOR_AND_RETRY : Next.RETRY;
    }

    /**
     * EndTxn answered; under version 2 with the producer id and the epoch the coordinator moved to. The
     * transaction is over when the result completes (after an epoch bump, if one was needed).
     */
    synchronized Next onEndTxn(EndTxn request, ErrorCode error, long newProducerId, short newEpoch,
                               FinalizedFeatures features) {
        switch (error) {
            case NONE -> {
                if (newProducerId >= 0) {
                    producerId = newProducerId;
                    epoch = newEpoch;
                    log.debug("{}EndTxn moved the producer to id {} epoch {}", prefix(), newProducerId, newEpoch);
                }
                refreshTransactionVersion(features, false);
                completeTransaction(request, true);
                return Next.DONE;
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                return again(request, Next.FIND_COORDINATOR_AND_RETRY);
            }
            case INVALID_PRODUCER_EPOCH, PRODUCER_FENCED -> fatalError(request, fenced(error));
            case TRANSACTIONAL_ID_AUTHORIZATION_FAILED, INVALID_TXN_STATE, INVALID_PRODUCER_ID_MAPPING ->
                    fatalError(request, BrokerErrorException.forResource(error, transactionalId, prefix() + "EndTxn failed"));
            case UNKNOWN_PRODUCER_ID -> abortableErrorIfPossible(request,
                    new BrokerErrorException(error, prefix() + "EndTxn failed"));
            case TRANSACTION_ABORTABLE -> {
                BrokerErrorException e = new BrokerErrorException(error, prefix() + "EndTxn failed");
                if (request.commit()) {
                    abortableError(request, e);
                } else {
                    fatalError(request, new ClientException(prefix() + "failed to abort the transaction", e));
                }
            }
            default -> {
                if (error.retriable()) {
                    return again(request, Next.RETRY);
                }
                fatalError(request, new BrokerErrorException(error, prefix() + "EndTxn failed: " + error.message()));
            }
        }
        return Next.DONE;
    }

    /**
     * The request could not be sent or answered for good: a group the producer may not use, or whose
     * transaction the coordinator gave up on, is abortable; anything else (an unsupported version, a
     * transactional id it may not use) is fatal.
     */
    synchronized void onRequestFailed(Request request, RuntimeException error) {
        if (error instanceof BrokerErrorException b && (b.error() == ErrorCode.GROUP_AUTHORIZATION_FAILED
                || b.error() == ErrorCode.TRANSACTION_ABORTABLE)) {
            abortableError(request, error);
        } else {
            fatalError(request, error);
        }
    }

    /**
     * A batch of the transaction failed: fencing, authorization and version errors are fatal, anything else
     * makes the transaction abortable (kafka-clients' maybeTransitionToErrorState).
     */
    synchronized void onBatchFailed(RuntimeException error) {
        if (error instanceof ProducerFencedException || error instanceof UnsupportedVersionException
                || error instanceof TransactionalIdAuthorizationException
                || error instanceof ClusterAuthorizationException) {
            fatalError(null, error);
            return;
        }
        if (coordinatorBumpsEpochs && !transactionV2 && !phase.isCompleting()) {
            epochBumpRequired = true;
        }
        abortableError(null, error);
    }

    /** A batch failed in a way that leaves a sequence gap (UNKNOWN_PRODUCER_ID, OUT_OF_ORDER_SEQUENCE_NUMBER). */
    synchronized void requireEpochBump() {
        if (!transactionV2) {
            epochBumpRequired = true;
        }
    }

    // ---- what the sender asks ------------------------------------------------------------------------

    synchronized long producerId() {
        return producerId;
    }

    synchronized short epoch() {
        return epoch;
    }

    synchronized TransactionPhase phase() {
        return phase;
    }

    synchronized boolean transactionV2() {
        return transactionV2;
    }

    synchronized boolean isCompleting() {
        return phase.isCompleting();
    }

    synchronized boolean isAborting() {
        return phase == TransactionPhase.ABORTING_TRANSACTION;
    }

    synchronized boolean hasAbortableError() {
        return phase == TransactionPhase.ABORTABLE_ERROR;
    }

    synchronized boolean hasFatalError() {
        return phase == TransactionPhase.FATAL_ERROR;
    }

    synchronized RuntimeException lastError() {
        return lastError;
    }

    /** A transaction is open, ending, or failed and not yet aborted. */
    synchronized boolean hasOngoingTransaction() {
        return phase == TransactionPhase.IN_TRANSACTION || phase.isCompleting()
                || phase == TransactionPhase.ABORTABLE_ERROR;
    }

    synchronized boolean hasPendingRequests() {
        return !queue.isEmpty() || !newPartitions.isEmpty();
    }

    /** The producer is closing: every request not sent yet, and the call waiting on one, fail. */
    synchronized void close(RuntimeException why) {
        for (Request r : queue) {
            fail(r.result(), why);
        }
        queue.clear();
        order.clear();
        if (pendingCall != null) {
            fail(pendingCall.result(), why);
        }
    }

    /** Completes, outside the lock, the results the calls so far decided. */
    void runCompletions() {
        List<Runnable> run;
        synchronized (this) {
            if (completions.isEmpty()) {
                return;
            }
            run = new ArrayList<>(completions);
            completions.clear();
        }
        run.forEach(Runnable::run);
    }

    // ---- internals ------------------------------------------------------------------------------------

    private void enqueue(Request request) {
        order.put(request, enqueued++);
        queue.add(request);
    }

    private AddPartitions addPartitions() {
        pendingPartitions.addAll(newPartitions);
        newPartitions.clear();
        return new AddPartitions(Set.copyOf(pendingPartitions), new TransactionResult("AddPartitionsToTxn"));
    }

    /** The transaction is over (EndTxn answered, or nothing to end): READY, or an epoch bump first. */
    private void completeTransaction(EndTxn end, boolean sent) {
        lastError = null;
        transactionStarted = false;
        newPartitions.clear();
        pendingPartitions.clear();
        partitionsInTransaction.clear();
        if (epochBumpRequired && sent) {
            epochBumpRequired = false;
            moveTo(TransactionPhase.INITIALIZING);
            log.info("{}bumping the epoch of producer id {} after the transaction", prefix(), producerId);
            enqueue(new InitProducerId(true, end.result()));
            return;
        }
        moveTo(TransactionPhase.READY);
        complete(end.result());
    }

    /**
     * Reads the transactions version from the newest finalized features. At initTransactions it just takes
     * it; later, a move from version 1 to 2 needs an epoch bump so that the next transaction's sequences
     * start afresh.
     */
    private void refreshTransactionVersion(FinalizedFeatures features, boolean initiating) {
        if (features.epoch() <= featuresEpoch) {
            return;
        }
        featuresEpoch = features.epoch();
        boolean was = transactionV2;
        transactionV2 = features.level(TRANSACTION_VERSION) >= 2;
        if (!initiating && !was && transactionV2) {
            epochBumpRequired = true;
        }
        if (was != transactionV2) {
            log.info("{}transactions version {} from the cluster's finalized features (epoch {})", prefix(),
                    transactionV2 ? 2 : 1, featuresEpoch);
        }
    }

    private TransactionResult callOnce(TransactionPhase target, String operation,
                                       java.util.function.Supplier<TransactionResult> start) {
        if (pendingCall != null) {
            if (pendingCall.result().isAcknowledged()) {
                pendingCall = null;
            } else if (pendingCall.target() != target) {
                throw new IllegalStateException(prefix() + "cannot " + operation + ": the previous "
                        + pendingCall.operation() + "() timed out and must be called again first");
            } else {
                return pendingCall.result();
            }
        }
        TransactionResult result = start.get();
        pendingCall = new PendingCall(result, target, operation);
        return result;
    }

    private void throwIfPendingCall(String operation) {
        if (pendingCall == null) {
            return;
        }
        if (pendingCall.result().isAcknowledged()) {
            pendingCall = null;
            return;
        }
        throw new IllegalStateException(prefix() + "cannot " + operation + ": the previous " + pendingCall.operation()
                + "() timed out and must be called again first");
    }

    private void moveTo(TransactionPhase target) {
        if (!phase.mayMoveTo(target)) {
            throw new IllegalStateException(prefix() + "invalid transition from state " + phase + " to state " + target);
        }
        log.debug("{}{} -> {}", prefix(), phase, target);
        phase = target;
    }

    /** Throws the error the producer is in, if any (kafka-clients' maybeFailWithError). */
    private void maybeFailWithError() {
        if (phase != TransactionPhase.ABORTABLE_ERROR && phase != TransactionPhase.FATAL_ERROR) {
            return;
        }
        if (lastError instanceof ProducerFencedException) {
            throw new ProducerFencedException(prefix() + "fenced: a newer producer with this transactional id has"
                    + " initialized (producer id " + producerId + ", epoch " + epoch + "); close this producer",
                    lastError);
        }
        if (phase == TransactionPhase.FATAL_ERROR) {
            throw new ClientException(prefix() + "cannot go on after a fatal error (state FATAL_ERROR): "
                    + lastError.getMessage() + "; close this producer", lastError);
        }
        throw new ClientException(prefix() + "the transaction failed and must be aborted (state ABORTABLE_ERROR): "
                + lastError.getMessage(), lastError);
    }

    private void abortableError(Request request, RuntimeException error) {
        if (request != null) {
            fail(request.result(), error);
        }
        if (phase == TransactionPhase.ABORTING_TRANSACTION || phase == TransactionPhase.FATAL_ERROR) {
            log.debug("{}not moving to ABORTABLE_ERROR from {}: {}", prefix(), phase, error.toString());
            return;
        }
        if (!phase.mayMoveTo(TransactionPhase.ABORTABLE_ERROR)) {
            // An error where none can be (no transaction open): the state can no longer be trusted.
            fatalError(null, new IllegalStateException(prefix() + "an error in state " + phase + " where no"
                    + " transaction is open: " + error.getMessage(), error));
            return;
        }
        log.info("{}the transaction must be aborted: {}", prefix(), error.toString());
        lastError = error;
        moveTo(TransactionPhase.ABORTABLE_ERROR);
    }

    /** Abortable when the coordinator can bump the epoch (so sequences restart after the abort), else fatal. */
    private void abortableErrorIfPossible(Request request, RuntimeException error) {
        if (coordinatorBumpsEpochs || transactionV2) {
            epochBumpRequired = !transactionV2;
            abortableError(request, error);
        } else {
            fatalError(request, error);
        }
    }

    private void fatalError(Request request, RuntimeException error) {
        log.info("{}fatal error, the producer must be closed: {}", prefix(), error.toString());
        lastError = error;
        phase = TransactionPhase.FATAL_ERROR;
        if (request != null) {
            fail(request.result(), error);
        }
        if (pendingCall != null) {
            fail(pendingCall.result(), error);
        }
    }

    private ProducerFencedException fenced(ErrorCode error) {
        return new ProducerFencedException(prefix() + "fenced by a newer producer with the same transactional id ("
                + error + " for producer id " + producerId + ", epoch " + epoch + ")");
    }

    private void complete(TransactionResult result) {
        completions.add(result::complete);
    }

    private void fail(TransactionResult result, RuntimeException error) {
        completions.add(() -> result.fail(error));
    }

    private String prefix() {
        return "TransactionalId " + transactionalId + ": ";
    }
}
