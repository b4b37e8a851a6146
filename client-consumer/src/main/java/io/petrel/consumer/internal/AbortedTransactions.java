package io.petrel.consumer.internal;

import io.petrel.protocol.Message;
import io.petrel.protocol.record.ControlRecordType;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.schemas.FetchResponse;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Which batches of one partition's fetched data a read_committed consumer must drop: those of aborted
 * transactions. The broker returns data only up to the last stable offset and, with it, the transactions
 * aborted in that range (producer id and first offset); this walks the batches in offset order as
 * kafka-clients does.
 *
 * <p>How it works: a producer id becomes aborted when the walk reaches its aborted transaction's first offset,
 * and stops being aborted at that transaction's ABORT marker (a control batch of the same producer id). In
 * between, every transactional batch of that producer id belongs to the aborted transaction and is dropped.
 * A producer may have several aborted transactions in one range, so they queue by first offset. Batches must be
 * shown to {@link #isAborted} in offset order, each once, including those before the consumer's position.
 * Confined to the thread reading the fetch.
 */
final class AbortedTransactions {
    private record Aborted(long producerId, long firstOffset) {
    }

    private final PriorityQueue<Aborted> ahead = new PriorityQueue<>(Comparator.comparingLong(Aborted::firstOffset));
    private final Set<Long> abortedProducers = new HashSet<>();

    private AbortedTransactions(List<Message> aborted) {
        if (aborted != null) {
            for (Message m : aborted) {
                ahead.add(new Aborted(m.get(FetchResponse.AbortedTransaction.PRODUCER_ID),
                        m.get(FetchResponse.AbortedTransaction.FIRST_OFFSET)));
            }
        }
    }

    /** The aborted transactions a Fetch response listed for a partition (null: none). */
    static AbortedTransactions of(List<Message> abortedTransactions) {
        return new AbortedTransactions(abortedTransactions);
    }

    /**
     * Whether the batch belongs to an aborted transaction, so none of its records may be returned. Control
     * batches never are (they are not returned anyway); an ABORT marker ends its producer's aborted transaction.
     */
    boolean isAborted(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return false;
        }
        while (!ahead.isEmpty() && ahead.peek().firstOffset() <= batch.lastOffset()) {
            abortedProducers.add(ahead.poll().producerId());
        }
        long producerId = batch.producerId();
        if (batch.isControl()) {
            if (isAbortMarker(batch)) {
                abortedProducers.remove(producerId);
            }
            return false;
        }
        return batch.isTransactional() && abortedProducers.contains(producerId);
    }

    private static boolean isAbortMarker(RecordBatch batch) {
        Iterator<Record> records = batch.iterator();
        return records.hasNext() && ControlRecordType.of(records.next()) == ControlRecordType.ABORT;
    }
}
