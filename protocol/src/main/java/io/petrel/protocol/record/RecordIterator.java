package io.petrel.protocol.record;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the records of one batch as {@link Record}s: a {@link RecordCursor}, which holds the batch to its
 * declared recordCount and names the batch and record in its errors, with each record made a value of its own.
 */
final class RecordIterator implements Iterator<Record> {
    private final RecordCursor cursor;
    private final long batchBaseOffset;
    private final int recordCount;

    RecordIterator(RecordCursor cursor, long batchBaseOffset, int recordCount) {
        this.cursor = cursor;
        this.batchBaseOffset = batchBaseOffset;
        this.recordCount = recordCount;
    }

    @Override
    public boolean hasNext() {
        return cursor.hasNext();
    }

    @Override
    public Record next() {
        if (!cursor.advance()) {
            throw new NoSuchElementException(RecordBatch.name(batchBaseOffset) + " has no record after its "
                    + recordCount);
        }
        return cursor.toRecord();
    }
}
