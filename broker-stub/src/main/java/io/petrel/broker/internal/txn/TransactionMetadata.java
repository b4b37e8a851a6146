package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.group.TransactionalOffset;
import io.petrel.broker.internal.topic.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one transactional id: its producer id and epoch, its transaction timeout, where its
 * current transaction stands, the partitions that transaction wrote to and the group offsets it carries.
 * Mutable, guarded by the {@link TransactionCoordinator}'s lock; the journal stores it whole.
 */
final class TransactionMetadata {
    final String transactionalId;
    long producerId;
    short producerEpoch;
    int timeoutMs;
    TransactionState state;
    final Set<TopicPartition> partitions = new LinkedHashSet<>();
    final Map<String, List<TransactionalOffset>> pendingOffsets = new LinkedHashMap<>();
    /** Wall-clock times, as DescribeTransactions reports them; -1 when no transaction is open. */
    long startWallMs = -1;
    long lastUpdateWallMs;
    /** When the open transaction started, on the monotonic clock: its timeout counts from here. */
    long startMonoMs;

    TransactionMetadata(String transactionalId, long producerId, short producerEpoch, int timeoutMs,
                        TransactionState state, long nowWallMs) {
        this.transactionalId = transactionalId;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.timeoutMs = timeoutMs;
        this.state = state;
        this.lastUpdateWallMs = nowWallMs;
    }

    /** Moves to Ongoing if the transaction was not open yet, starting its timeout. */
    void begin(long nowWallMs, long nowMonoMs) {
        if (state != TransactionState.ONGOING) {
            state = TransactionState.ONGOING;
            startWallMs = nowWallMs;
            startMonoMs = nowMonoMs;
        }
        lastUpdateWallMs = nowWallMs;
    }

    /** Forgets the finished transaction's partitions and offsets. */
    void complete(TransactionState completed, long nowWallMs) {
        state = completed;
        partitions.clear();
        pendingOffsets.clear();
        startWallMs = -1;
        lastUpdateWallMs = nowWallMs;
    }

    /** Adds or replaces a pending offset of a group. */
    void addOffset(String group, TransactionalOffset offset) {
        List<TransactionalOffset> list = pendingOffsets.computeIfAbsent(group, g -> new ArrayList<>());
        list.removeIf(o -> o.topic().equals(offset.topic()) && o.partition() == offset.partition());
        list.add(offset);
    }

    @Override
    public String toString() {
        return "Transaction(" + transactionalId + ", producer " + producerId + " epoch " + producerEpoch + ", "
                + state.kafkaName() + ", " + partitions.size() + " partitions)";
    }
}
