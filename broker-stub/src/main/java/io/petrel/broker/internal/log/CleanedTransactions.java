package io.petrel.broker.internal.log;

import io.petrel.protocol.record.ControlRecordType;
import io.petrel.protocol.record.RecordBatch;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which transaction markers a cleaning may remove, decided as Kafka's cleaner decides while it reads a log in offset
 * order from its start: a COMMIT marker once no batch of its transaction was read before it (its data was all
 * compacted away earlier), an ABORT marker once no batch of its aborted transaction is left (this cleaning removes
 * what it finds, so the marker goes at a later one). Such a marker first gets a delete horizon (now +
 * {@code delete.retention.ms}), so a read_committed consumer that read the transaction's data can still see how it
 * ended; a cleaning after the horizon removes it.
 *
 * <p>One instance follows one cleaning: {@link #onDataBatch} and {@link #onControlBatch} are called for every batch
 * in offset order.
 */
final class CleanedTransactions {
    /** An aborted transaction reached in the log, and whether a batch of it was read. */
    private static final class OngoingAbort {
        boolean batchSeen;
    }

    private final Deque<AbortedTransaction> abortedAhead;
    private final Map<Long, OngoingAbort> ongoingAborted = new HashMap<>();
    private final Set<Long> ongoingCommitted = new HashSet<>();

    CleanedTransactions(List<AbortedTransaction> aborted) {
        this.abortedAhead = new ArrayDeque<>(aborted.stream()
                .sorted(Comparator.comparingLong(AbortedTransaction::firstOffset)).toList());
    }

    private void reach(long offset) {
        while (!abortedAhead.isEmpty() && abortedAhead.peekFirst().firstOffset() <= offset) {
            ongoingAborted.put(abortedAhead.pollFirst().producerId(), new OngoingAbort());
        }
    }

    /** A data batch read in offset order. */
    void onDataBatch(RecordBatch batch) {
        reach(batch.lastOffset());
        if (!batch.isTransactional()) {
            return;
        }
        OngoingAbort abort = ongoingAborted.get(batch.producerId());
        if (abort != null) {
            abort.batchSeen = true;
        } else {
            ongoingCommitted.add(batch.producerId());
        }
    }

    /** A control batch read in offset order; whether its marker may go (once past its delete horizon). */
    boolean onControlBatch(RecordBatch batch, ControlRecordType type) {
        reach(batch.lastOffset());
        long producerId = batch.producerId();
        return switch (type) {
            case ABORT -> {
                OngoingAbort abort = ongoingAborted.remove(producerId);
                yield abort == null || !abort.batchSeen;
            }
            case COMMIT -> !ongoingCommitted.remove(producerId);
            default -> false;
        };
    }
}
