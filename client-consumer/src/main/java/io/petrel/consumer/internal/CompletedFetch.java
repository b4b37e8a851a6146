package io.petrel.consumer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatches;
import io.petrel.protocol.record.RecordCursor;
import io.petrel.protocol.record.TimestampType;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Optional;

/**
 * One partition's part of a Fetch response, buffered until the application has read it, with the cursor
 * that reads it.
 *
 * <p>How it works: the records stay as the slice of the response frame the decoder produced (never
 * copied); batches are walked once on arrival, headers only, to count records and find where the next
 * fetch starts. The application thread then reads records lazily, in place, through the protocol module's
 * {@link RecordCursor} (no object per record: the reader builds its ConsumerRecord straight from the cursor's
 * fields): an uncompressed batch's keys and values are read from the frame, a compressed batch is decompressed
 * once into one buffer when it is reached. Records before the position (the start of
 * the first batch) and control batches are skipped; the position moves past a finished batch's last
 * offset even when compaction or a control record left no record there. With read_committed, the batches
 * of aborted transactions are dropped as well ({@link AbortedTransactions}). A record the application could
 * not deserialize is pushed back (the cursor stays on it), so the next read returns it again. The cursor is confined to the
 * application thread.
 */
final class CompletedFetch {
    final TopicPartition tp;
    final int generation;
    /** The offset this data was fetched from. */
    final long fetchOffset;
    /** Non-null for a partition error the application thread must act on (OFFSET_OUT_OF_RANGE). */
    final ErrorCode error;
    final int sizeInBytes;
    final int recordCount;
    /** The offset after the last whole batch: where the next fetch starts. */
    final long nextFetchOffset;
    private final ByteBuffer records;
    private final boolean checkCrcs;
    /** Null for read_uncommitted. */
    private final AbortedTransactions aborted;
    /** The response frame {@link #records} is a slice of, or null when it is not handed back for reuse. */
    private final SharedFrame frame;

    private Iterator<RecordBatch> batches;
    private RecordCursor current;
    private Optional<Integer> batchEpoch = Optional.empty();
    private TimestampType batchTimestampType;
    private boolean pushedBack;
    private boolean exhausted;
    private boolean frameDone;

    private CompletedFetch(TopicPartition tp, int generation, long fetchOffset, ErrorCode error, ByteBuffer records,
                           int sizeInBytes, int recordCount, long nextFetchOffset, boolean checkCrcs,
                           AbortedTransactions aborted, SharedFrame frame) {
        this.aborted = aborted;
        this.frame = frame;
        this.tp = tp;
        this.generation = generation;
        this.fetchOffset = fetchOffset;
        this.error = error;
        this.records = records;
        this.sizeInBytes = sizeInBytes;
        this.recordCount = recordCount;
        this.nextFetchOffset = nextFetchOffset;
        this.checkCrcs = checkCrcs;
    }

    /**
     * Data fetched from {@code fetchOffset}; walks the batch headers to count records. {@code aborted} is the
     * read_committed filter built from the response's aborted transactions, null for read_uncommitted. {@code frame}
     * is the response frame {@code records} is a slice of, counted down by {@link #readToEnd()}; null if not reused.
     */
    static CompletedFetch of(TopicPartition tp, int generation, long fetchOffset, ByteBuffer records, boolean checkCrcs,
                             AbortedTransactions aborted, SharedFrame frame) {
        int count = 0;
        long next = fetchOffset;
        int size = 0;
        for (RecordBatch b : RecordBatches.of(records)) {
            long batchNext = b.nextOffset();
            if (batchNext > fetchOffset) {
                count += b.isControl() ? 0 : Math.max(0, (int) Math.min(b.recordCount(), batchNext - fetchOffset));
            }
            next = Math.max(next, batchNext);
            size += b.sizeInBytes();
        }
        return new CompletedFetch(tp, generation, fetchOffset, null, records, size, count, next, checkCrcs, aborted,
                frame);
    }

    /** An error for the application thread to handle in order, after the data before it. */
    static CompletedFetch error(TopicPartition tp, int generation, long fetchOffset, ErrorCode error) {
        return new CompletedFetch(tp, generation, fetchOffset, error, null, 0, 0, fetchOffset, false, null, null);
    }

    /** Whether it holds whole batches (a response may end with a cut-off one, which counts as nothing). */
    boolean hasData() {
        return nextFetchOffset > fetchOffset;
    }

    /**
     * Moves to the next record at or after {@code position} and returns the cursor standing on it, or null when
     * every batch is read (then {@link #endPosition} says where the position goes). The cursor describes that
     * record until the next call.
     *
     * @throws io.petrel.protocol.ProtocolException for a corrupt batch
     */
    RecordCursor next(long position) {
        if (pushedBack) {
            pushedBack = false;
            return current;
        }
        if (exhausted) {
            return null; // never touches the bytes again: the frame may be reused by now
        }
        if (batches == null) {
            batches = RecordBatches.of(records).iterator();
        }
        while (true) {
            if (current != null) {
                while (current.advance()) {
                    if (current.offset() >= position) {
                        return current;
                    }
                }
                current = null;
            }
            if (!batches.hasNext()) {
                exhausted = true;
                return null;
            }
            RecordBatch batch = batches.next();
            // The aborted-transaction walk sees every batch, those before the position too, in order.
            boolean abortedBatch = aborted != null && aborted.isAborted(batch);
            if (abortedBatch || batch.nextOffset() <= position || batch.isControl()) {
                continue;
            }
            if (checkCrcs) {
                batch.validate();
            }
            int epoch = batch.partitionLeaderEpoch();
            batchEpoch = epoch >= 0 ? Optional.of(epoch) : Optional.empty();
            batchTimestampType = batch.timestampType();
            current = batch.cursor();
        }
    }

    /** The next {@link #next} call returns the record the cursor stands on again (its deserialization failed). */
    void pushBack() {
        pushedBack = true;
    }

    /** The leader epoch of the batch the last record came from. */
    Optional<Integer> batchEpoch() {
        return batchEpoch;
    }

    /** The timestamp type of the batch the last record came from (read once per batch, not per record). */
    TimestampType batchTimestampType() {
        return batchTimestampType;
    }

    boolean isExhausted() {
        return exhausted;
    }

    /**
     * Every batch was read ({@link #next} returned null) and the records handed out hold no slice of the bytes (the
     * caller's deserializers copy): the response frame may be reused once the response's other fetches are read too.
     * Calls after the first, or before the fetch is exhausted, do nothing.
     */
    void readToEnd() {
        if (exhausted && frame != null && !frameDone) {
            frameDone = true;
            frame.readerDone();
        }
    }

    /** Where the position is once every batch is read: past the last batch, even if it had no records left. */
    long endPosition(long position) {
        return Math.max(position, nextFetchOffset);
    }
}
