package io.petrel.consumer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.protocol.Message;
import io.petrel.protocol.record.ControlRecordType;
import io.petrel.protocol.record.RecordCursor;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.TransactionMarker;
import io.petrel.protocol.schemas.FetchResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reading fetched data as a read_committed consumer: batches of aborted transactions dropped (as the Fetch
 * response's aborted-transaction list says, producer by producer), committed ones kept, markers never returned;
 * a read_uncommitted consumer sees every record.
 */
class ReadCommittedFetchTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final long P5 = 5;
    private static final long P9 = 9;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private long next;

    private void transactional(long producerId, int count) {
        RecordBatchBuilder b = new RecordBatchBuilder(next).transactional(true).producer(producerId, (short) 0, (int) next);
        for (int i = 0; i < count; i++) {
            b.append(1_000, null, ("v" + (next + i)).getBytes());
        }
        add(b.build());
        next += count;
    }

    private void plain(int count) {
        RecordBatchBuilder b = new RecordBatchBuilder(next);
        for (int i = 0; i < count; i++) {
            b.append(1_000, null, ("v" + (next + i)).getBytes());
        }
        add(b.build());
        next += count;
    }

    private void marker(long producerId, ControlRecordType type) {
        RecordBatchBuilder b = new RecordBatchBuilder(next).control(true).transactional(true).producer(producerId,
                (short) 0, -1);
        b.appendTransactionMarker(2_000, new TransactionMarker(type, 0));
        add(b.build());
        next++;
    }

    private void add(ByteBuffer batch) {
        byte[] bytes = new byte[batch.remaining()];
        batch.get(bytes);
        log.writeBytes(bytes);
    }

    private static Message aborted(long producerId, long firstOffset) {
        return Message.of(FetchResponse.AbortedTransaction.SCHEMA)
                .set(FetchResponse.AbortedTransaction.PRODUCER_ID, producerId)
                .set(FetchResponse.AbortedTransaction.FIRST_OFFSET, firstOffset);
    }

    /** The offsets a reader at {@code position} gets from the log, and where its position ends. */
    private List<Long> read(long position, AbortedTransactions filter) {
        CompletedFetch fetch = CompletedFetch.of(TP, 0, position, ByteBuffer.wrap(log.toByteArray()), true, filter, null);
        List<Long> offsets = new ArrayList<>();
        RecordCursor r;
        while ((r = fetch.next(position)) != null) {
            offsets.add(r.offset());
            position = r.offset() + 1;
        }
        offsets.add(-fetch.endPosition(position));
        return offsets;
    }

    /** P5 aborts [0-2] while P9 commits [3-4]; P5 then commits [7-8]; [10] is not transactional. */
    private void interleaved() {
        transactional(P5, 3);
        transactional(P9, 2);
        marker(P5, ControlRecordType.ABORT);
        marker(P9, ControlRecordType.COMMIT);
        transactional(P5, 2);
        marker(P5, ControlRecordType.COMMIT);
        plain(1);
    }

    @Test
    void abortedBatchesAreDroppedAndMarkersSkippedForReadCommitted() {
        interleaved();
        assertEquals(List.of(3L, 4L, 7L, 8L, 10L, -11L), read(0, AbortedTransactions.of(List.of(aborted(P5, 0)))),
                "offsets read, then (negated) the position after the data");
    }

    @Test
    void readUncommittedSeesEveryRecordButNoMarker() {
        interleaved();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 7L, 8L, 10L, -11L), read(0, null));
    }

    @Test
    void aProducersLaterTransactionAfterItsAbortMarkerIsKeptEvenFromALaterPosition() {
        interleaved();
        assertEquals(List.of(7L, 8L, 10L, -11L), read(7, AbortedTransactions.of(List.of(aborted(P5, 0)))));
    }

    @Test
    void severalAbortedTransactionsOfOneProducerInOneFetchAreAllDropped() {
        transactional(P5, 2);
        marker(P5, ControlRecordType.ABORT);
        transactional(P5, 1);
        marker(P5, ControlRecordType.ABORT);
        transactional(P5, 1);
        marker(P5, ControlRecordType.COMMIT);
        assertEquals(List.of(5L, -7L), read(0, AbortedTransactions.of(List.of(aborted(P5, 3), aborted(P5, 0)))));
    }

    @Test
    void withNoAbortedTransactionListedEveryTransactionalRecordIsKept() {
        interleaved();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 7L, 8L, 10L, -11L), read(0, AbortedTransactions.of(null)));
    }
}
