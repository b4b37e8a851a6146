package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.group.PendingTransactionalOffsets;
import io.petrel.broker.internal.group.TransactionalOffset;
import io.petrel.broker.internal.group.TransactionalOffsetStore;
import io.petrel.broker.internal.handler.ProducerIdAllocator;
import io.petrel.broker.internal.log.LogAppendException;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicPartition;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The transaction coordinator of this single node, as Kafka's TransactionCoordinator behaves toward
 * clients: it maps each transactional id to a producer id and epoch, fences older epochs, tracks the
 * partitions and group offsets of the open transaction, and ends it by writing commit or abort markers
 * into every partition (and, on commit, storing the offsets).
 *
 * <p>How it works: every operation runs under one lock and is journaled ({@link TransactionJournal})
 * before it takes effect. Ending a transaction goes Ongoing → PrepareCommit/PrepareAbort (journaled) →
 * markers → CompleteCommit/CompleteAbort (journaled); the markers are local appends, so a Prepare state
 * outlives the call only when a log refused them, and {@link #tick} retries it. A transactional Produce
 * checks and appends under the same lock, so no record can land in a partition after its transaction's
 * marker. Transactions version 2 (KIP-890) adds partitions implicitly on Produce and group offsets on
 * TxnOffsetCommit, and bumps the epoch at every EndTxn; version 1 needs AddPartitionsToTxn and
 * AddOffsetsToTxn first.
 *
 * <p>Recovery: on open the journal is replayed; a Prepare state is completed (markers written again,
 * which readers handle as Kafka's do, and offsets stored), an Ongoing one stays open and is aborted
 * when its timeout passes, counted from the restart. Timeouts use the monotonic clock; the wall clock
 * only stamps the times DescribeTransactions reports. Aborts by timeout or by a new producer's
 * InitProducerId bump the epoch, so the old producer is fenced.
 */
public final class TransactionCoordinator implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);

    /** What InitProducerId answers. */
    public record InitResult(ErrorCode error, long producerId, short producerEpoch) {
        static InitResult failed(ErrorCode error) {
            return new InitResult(error, -1L, (short) -1);
        }
    }

    /** What EndTxn answers; from version 5 with the producer id and epoch to go on with. */
    public record EndResult(ErrorCode error, long producerId, short producerEpoch) {
        static EndResult failed(ErrorCode error) {
            return new EndResult(error, -1L, (short) -1);
        }
    }

    /** The group member a TxnOffsetCommit names (generation -1 and no member id: none). */
    public record GroupMember(int generationId, String memberId, String groupInstanceId) {
        /** No member: a producer committing offsets for a group it is not part of. */
        public static final GroupMember NONE = new GroupMember(-1, "", null);
    }

    /** One transactional id as DescribeTransactions and ListTransactions report it. */
    public record TransactionView(String transactionalId, TransactionState state, int timeoutMs, long startWallMs,
                                  long producerId, short producerEpoch, List<TopicPartition> partitions) {
    }

    private final Clock clock;
    private final MonotonicClock elapsed;
    private final int maxTimeoutMs;
    private final ProducerIdAllocator producerIds;
    private final TransactionMarkerWriter markers;
    private final TransactionalOffsetStore offsetCommitter;
    private final TransactionJournal journal;
    private final Map<String, TransactionMetadata> transactions = new LinkedHashMap<>();
    /** group, topic, partition keys of offsets pending in open transactions; read without the lock. */
    private volatile Set<String> pendingOffsetKeys = Set.of();
    private boolean closed;

    private TransactionCoordinator(Clock clock, MonotonicClock elapsed, int maxTimeoutMs,
                                   ProducerIdAllocator producerIds, TransactionMarkerWriter markers,
                                   TransactionalOffsetStore offsetCommitter, TransactionJournal journal) {
        this.clock = clock;
        this.elapsed = elapsed;
        this.maxTimeoutMs = maxTimeoutMs;
        this.producerIds = producerIds;
        this.markers = markers;
        this.offsetCommitter = offsetCommitter;
        this.journal = journal;
    }

    /**
     * Opens the coordinator over the journal in {@code dataDir} and recovers what a crash left (see the
     * class comment).
     *
     * @param forceEachWrite whether every journal entry is forced to the device
     */
    public static TransactionCoordinator open(Path dataDir, Clock clock, MonotonicClock elapsed,
                                              int maxTimeoutMs, boolean forceEachWrite,
                                              ProducerIdAllocator producerIds, TransactionMarkerWriter markers,
                                              TransactionalOffsetStore offsetCommitter) throws IOException {
        TransactionJournal journal = TransactionJournal.open(dataDir, forceEachWrite, clock.millis());
        TransactionCoordinator coordinator = new TransactionCoordinator(clock, elapsed, maxTimeoutMs, producerIds,
                markers, offsetCommitter, journal);
        try {
            coordinator.recover(journal.loaded());
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        return coordinator;
    }

    private synchronized void recover(Map<String, TransactionMetadata> loaded) throws IOException {
        long now = elapsed.elapsedMillis();
        transactions.putAll(loaded);
        for (TransactionMetadata m : transactions.values()) {
            if (m.state == TransactionState.ONGOING) {
                m.startMonoMs = now;
                log.info("Recovered open transaction {}; it is aborted if not ended within {} ms", m, m.timeoutMs);
            }
        }
        refreshPendingOffsets();
        for (TransactionMetadata m : new ArrayList<>(transactions.values())) {
            if (m.state.isPrepare()) {
                log.info("Completing {} left by the last run", m);
                completePrepared(m);
            }
        }
    }

    /** Whether an open transaction holds an offset for this group partition (OffsetFetch require_stable). */
    public PendingTransactionalOffsets pendingOffsets() {
        return (group, topic, partition) -> pendingOffsetKeys.contains(pendingKey(group, topic, partition));
    }

    // ------------------------------------------------------------------ InitProducerId

    /**
     * InitProducerId with a transactional id: a new producer id at epoch 0 for an unknown id; otherwise the
     * epoch is bumped (fencing the previous producer), after aborting a transaction the previous one left
     * open. A request naming its producer id and epoch (KIP-360) must name the current ones.
     */
    public synchronized InitResult initProducerId(String transactionalId, int timeoutMs, long producerId,
                                                  short producerEpoch) {
        if (closed) {
            return InitResult.failed(ErrorCode.COORDINATOR_NOT_AVAILABLE);
        }
        if (timeoutMs <= 0 || timeoutMs > maxTimeoutMs) {
            log.info("InitProducerId for {} asked for transaction.timeout.ms {}, expected 1 to {}"
                    + " (transaction.max.timeout.ms)", transactionalId, timeoutMs, maxTimeoutMs);
            return InitResult.failed(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
        }
        try {
            long nowWall = clock.millis();
            TransactionMetadata m = transactions.get(transactionalId);
            if (m == null || m.state == TransactionState.DEAD) {
                m = new TransactionMetadata(transactionalId, producerIds.next(), (short) 0, timeoutMs,
                        TransactionState.EMPTY, nowWall);
                transactions.put(transactionalId, m);
                journal.write(m, transactions.values());
                return new InitResult(ErrorCode.NONE, m.producerId, m.producerEpoch);
            }
            if (producerId >= 0 && producerId != m.producerId) {
                return InitResult.failed(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
            }
            if (producerId >= 0 && producerEpoch != m.producerEpoch) {
                return InitResult.failed(ErrorCode.PRODUCER_FENCED);
            }
            if (m.state.isPrepare() && !completePrepared(m)) {
                return InitResult.failed(ErrorCode.CONCURRENT_TRANSACTIONS);
            }
            if (m.state == TransactionState.ONGOING) {
                log.info("InitProducerId for {} aborts the transaction its previous producer left open", m);
                if (!abortWithFence(m)) {
                    return InitResult.failed(ErrorCode.CONCURRENT_TRANSACTIONS);
                }
            }
            if (m.producerEpoch >= Short.MAX_VALUE - 1) {
                m.producerId = producerIds.next();
                m.producerEpoch = 0;
            } else {
                m.producerEpoch++;
            }
            m.timeoutMs = timeoutMs;
            m.complete(TransactionState.EMPTY, nowWall);
            journal.write(m, transactions.values());
            return new InitResult(ErrorCode.NONE, m.producerId, m.producerEpoch);
        } catch (IOException e) {
            log.error("InitProducerId for {} could not be recorded in the transaction journal", transactionalId, e);
            return InitResult.failed(ErrorCode.COORDINATOR_NOT_AVAILABLE);
        }
    }

    // ------------------------------------------------------------------ adding partitions and offsets

    /**
     * AddPartitionsToTxn: adds partitions to the open transaction (starting it); with {@code verifyOnly}
     * (a broker verifying a Produce, v4+) only checks that they are in it: INVALID_TXN_STATE when not.
     */
    public synchronized ErrorCode addPartitions(String transactionalId, long producerId, short producerEpoch,
                                                Collection<TopicPartition> partitions, boolean verifyOnly) {
        TransactionMetadata m = transactions.get(transactionalId);
        ErrorCode error = checkProducer(m, producerId, producerEpoch);
        if (error != null) {
            return error;
        }
        if (verifyOnly) {
            return m.state == TransactionState.ONGOING && m.partitions.containsAll(partitions)
                    ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
        }
        if (m.partitions.containsAll(partitions) && m.state == TransactionState.ONGOING) {
            return ErrorCode.NONE;
        }
        m.begin(clock.millis(), elapsed.elapsedMillis());
        m.partitions.addAll(partitions);
        return journal(m);
    }

    /** AddOffsetsToTxn (version 1): the group's offsets may now be committed in the transaction. */
    public synchronized ErrorCode addOffsets(String transactionalId, long producerId, short producerEpoch,
                                             String group) {
        TransactionMetadata m = transactions.get(transactionalId);
        ErrorCode error = checkProducer(m, producerId, producerEpoch);
        if (error != null) {
            return error;
        }
        if (m.state == TransactionState.ONGOING && m.pendingOffsets.containsKey(group)) {
            return ErrorCode.NONE;
        }
        m.begin(clock.millis(), elapsed.elapsedMillis());
        m.pendingOffsets.computeIfAbsent(group, g -> new ArrayList<>());
        return journal(m);
    }

    /**
     * TxnOffsetCommit: offsets held in the transaction until it commits. Version 1 needs AddOffsetsToTxn
     * first; version 2 ({@code implicitAdd}) adds the group itself.
     */
    public synchronized ErrorCode txnOffsetCommit(String transactionalId, long producerId, short producerEpoch,
                                                  String group, GroupMember member, List<TransactionalOffset> offsets,
                                                  boolean implicitAdd) {
        TransactionMetadata m = transactions.get(transactionalId);
        ErrorCode error = checkProducer(m, producerId, producerEpoch);
        if (error != null) {
            return error;
        }
        ErrorCode memberError = offsetCommitter.validateMember(group, member.generationId(), member.memberId(),
                member.groupInstanceId());
        if (memberError != ErrorCode.NONE) {
            return memberError;
        }
        if (!implicitAdd && (m.state != TransactionState.ONGOING || !m.pendingOffsets.containsKey(group))) {
            return ErrorCode.INVALID_TXN_STATE;
        }
        m.begin(clock.millis(), elapsed.elapsedMillis());
        for (TransactionalOffset o : offsets) {
            m.addOffset(group, o);
        }
        m.pendingOffsets.computeIfAbsent(group, g -> new ArrayList<>());
        ErrorCode journaled = journal(m);
        refreshPendingOffsets();
        return journaled;
    }

    /**
     * A transactional Produce to {@code partition}: checked against the transaction (implicitly added
     * under version 2, required to have been added under version 1), then {@code append} runs under the
     * coordinator's lock; a refusal is answered through {@code refused}.
     */
    public synchronized <T> T produce(String transactionalId, long producerId, short producerEpoch,
                                      TopicPartition partition, boolean implicitAdd, Supplier<T> append,
                                      Function<ErrorCode, T> refused) {
        TransactionMetadata m = transactions.get(transactionalId);
        if (m == null || m.producerId != producerId) {
            return refused.apply(m == null ? ErrorCode.INVALID_TXN_STATE : ErrorCode.INVALID_PRODUCER_ID_MAPPING);
        }
        if (producerEpoch != m.producerEpoch) {
            return refused.apply(ErrorCode.INVALID_PRODUCER_EPOCH);
        }
        if (m.state.isPrepare() && !completePrepared(m)) {
            return refused.apply(ErrorCode.CONCURRENT_TRANSACTIONS);
        }
        boolean inTransaction = m.state == TransactionState.ONGOING && m.partitions.contains(partition);
        if (!inTransaction) {
            if (!implicitAdd) {
                return refused.apply(ErrorCode.INVALID_TXN_STATE);
            }
            m.begin(clock.millis(), elapsed.elapsedMillis());
            m.partitions.add(partition);
            ErrorCode journaled = journal(m);
            if (journaled != ErrorCode.NONE) {
                return refused.apply(journaled);
            }
        }
        return append.get();
    }

    // ------------------------------------------------------------------ EndTxn

    /**
     * EndTxn: commits or aborts the open transaction. Under version 2 ({@code bumpEpoch}, EndTxn v5+) the
     * epoch is bumped and returned, and a retried EndTxn at the previous epoch is answered as the first was.
     */
    public synchronized EndResult endTxn(String transactionalId, long producerId, short producerEpoch,
                                         boolean commit, boolean bumpEpoch) {
        TransactionMetadata m = transactions.get(transactionalId);
        if (m == null || m.producerId != producerId) {
            return EndResult.failed(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
        }
        TransactionState done = commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        if (bumpEpoch && producerEpoch == m.producerEpoch - 1 && m.state == done) {
            return new EndResult(ErrorCode.NONE, m.producerId, m.producerEpoch); // a retry of the EndTxn just done
        }
        if (producerEpoch != m.producerEpoch) {
            return EndResult.failed(ErrorCode.PRODUCER_FENCED);
        }
        if (m.state.isPrepare() && !completePrepared(m)) {
            return EndResult.failed(ErrorCode.CONCURRENT_TRANSACTIONS);
        }
        switch (m.state) {
            case ONGOING -> {
            }
            case EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT -> {
                if (!bumpEpoch) {
                    return EndResult.failed(m.state == done ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE);
                }
                if (m.state != TransactionState.EMPTY && m.state != done) {
                    return EndResult.failed(ErrorCode.INVALID_TXN_STATE);
                }
            }
            default -> {
                return EndResult.failed(ErrorCode.INVALID_TXN_STATE);
            }
        }
        if (bumpEpoch && m.producerEpoch < Short.MAX_VALUE - 1) {
            m.producerEpoch++;
        }
        m.state = commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT;
        m.lastUpdateWallMs = clock.millis();
        ErrorCode journaled = journal(m);
        if (journaled != ErrorCode.NONE) {
            return EndResult.failed(journaled);
        }
        // Markers that fail are written by tick(); the outcome is decided once PrepareX is journaled.
        completePrepared(m);
        return new EndResult(ErrorCode.NONE, m.producerId, m.producerEpoch);
    }

    // ------------------------------------------------------------------ timeouts and views

    /** Aborts transactions past their timeout and retries unfinished ends; the broker calls this often. */
    public synchronized void tick() {
        if (closed) {
            return;
        }
        long now = elapsed.elapsedMillis();
        for (TransactionMetadata m : new ArrayList<>(transactions.values())) {
            if (m.state.isPrepare()) {
                completePrepared(m);
            } else if (m.state == TransactionState.ONGOING && now - m.startMonoMs > m.timeoutMs) {
                log.info("Aborting {}: open for {} ms, past its transaction.timeout.ms {}", m, now - m.startMonoMs,
                        m.timeoutMs);
                abortWithFence(m);
            }
        }
    }

    /** Every transactional id's state, for DescribeTransactions and ListTransactions. */
    public synchronized List<TransactionView> transactions() {
        List<TransactionView> views = new ArrayList<>(transactions.size());
        for (TransactionMetadata m : transactions.values()) {
            views.add(new TransactionView(m.transactionalId, m.state, m.timeoutMs, m.startWallMs, m.producerId,
                    m.producerEpoch, List.copyOf(m.partitions)));
        }
        return views;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            journal.close();
        }
    }

    // ------------------------------------------------------------------ internals

    /** Null when the request's producer may act on its transaction, else the error to answer. */
    private ErrorCode checkProducer(TransactionMetadata m, long producerId, short producerEpoch) {
        if (closed) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        if (m == null || m.producerId != producerId) {
            return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
        }
        if (producerEpoch != m.producerEpoch) {
            return ErrorCode.PRODUCER_FENCED;
        }
        if (m.state.isPrepare() && !completePrepared(m)) {
            return ErrorCode.CONCURRENT_TRANSACTIONS;
        }
        if (m.state == TransactionState.DEAD || m.state == TransactionState.PREPARE_EPOCH_FENCE) {
            return ErrorCode.INVALID_TXN_STATE;
        }
        return null;
    }

    /** Bumps the epoch (fencing the producer) and aborts the open transaction; false if it stays Prepare. */
    private boolean abortWithFence(TransactionMetadata m) {
        if (m.producerEpoch < Short.MAX_VALUE) {
            m.producerEpoch++;
        }
        m.state = TransactionState.PREPARE_ABORT;
        m.lastUpdateWallMs = clock.millis();
        if (journal(m) != ErrorCode.NONE) {
            return false;
        }
        return completePrepared(m);
    }

    /**
     * Writes the markers of a Prepare state and, for a commit, stores its offsets, then records the
     * Complete state. Returns false (leaving the Prepare state for {@link #tick}) when a step failed.
     */
    private boolean completePrepared(TransactionMetadata m) {
        boolean commit = m.state == TransactionState.PREPARE_COMMIT;
        for (TopicPartition tp : m.partitions) {
            try {
                markers.write(tp, m.producerId, m.producerEpoch, commit);
            } catch (TopicException e) {
                log.info("{}: no marker for {}, which no longer exists: {}", m, tp, e.getMessage());
            } catch (LogAppendException e) {
                log.error("{}: the log of {} refused the {} marker: {}", m, tp, commit ? "commit" : "abort",
                        e.getMessage());
            } catch (IOException e) {
                log.error("{}: could not write the {} marker to {}; retrying later", m, commit ? "commit" : "abort",
                        tp, e);
                return false;
            }
        }
        if (commit) {
            for (Map.Entry<String, List<TransactionalOffset>> g : m.pendingOffsets.entrySet()) {
                if (g.getValue().isEmpty()) {
                    continue;
                }
                try {
                    offsetCommitter.commit(g.getKey(), g.getValue());
                } catch (IOException e) {
                    log.error("{}: could not store the offsets of group {}; retrying later", m, g.getKey(), e);
                    return false;
                }
            }
        }
        m.complete(commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT, clock.millis());
        refreshPendingOffsets();
        journal(m);
        return true;
    }

    private ErrorCode journal(TransactionMetadata m) {
        try {
            journal.write(m, transactions.values());
            return ErrorCode.NONE;
        } catch (IOException e) {
            log.error("Could not record {} in the transaction journal", m, e);
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
    }

    private void refreshPendingOffsets() {
        Set<String> keys = new HashSet<>();
        for (TransactionMetadata m : transactions.values()) {
            for (Map.Entry<String, List<TransactionalOffset>> g : m.pendingOffsets.entrySet()) {
                for (TransactionalOffset o : g.getValue()) {
                    keys.add(pendingKey(g.getKey(), o.topic(), o.partition()));
                }
            }
        }
        pendingOffsetKeys = Set.copyOf(keys);
    }

    private static String pendingKey(String group, String topic, int partition) {
        return group + '\u0000' + topic + '\u0000' + partition;
    }
}
