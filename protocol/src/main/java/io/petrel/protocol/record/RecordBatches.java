package io.petrel.protocol.record;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The record batches laid end to end in one buffer: what a Produce request carries for a partition and
 * what a Fetch response returns.
 *
 * <p>How it works: iteration walks the buffer batch by batch, reading only each batch's length and magic
 * to find the next one, and hands out {@link RecordBatch} views over the same memory; nothing is copied
 * and no CRC is checked (call {@link RecordBatch#validate()}). The buffer's position and limit are left
 * as they were; iteration covers its bytes from position to limit, and each call to {@link #iterator()}
 * starts again from the beginning.
 *
 * <p>{@link #of} is lenient about the end: Fetch may cut the last batch short, and a cut-off batch
 * there simply ends iteration. {@link #strict} is for Produce, where every batch must be whole.
 */
public final class RecordBatches implements Iterable<RecordBatch> {
    private final ByteBuffer buffer;
    private final boolean strict;

    private RecordBatches(ByteBuffer buffer, boolean strict) {
        this.buffer = buffer.duplicate();
        this.strict = strict;
    }

    /** The batches in {@code buffer}; a cut-off batch at the end ends iteration without error. */
    public static RecordBatches of(ByteBuffer buffer) {
        return new RecordBatches(buffer, false);
    }

    /**
     * The batches in {@code buffer}, every one of which must be whole: a cut-off batch at the end is a
     * {@link io.petrel.protocol.ProtocolException} from the iterator.
     */
    public static RecordBatches strict(ByteBuffer buffer) {
        return new RecordBatches(buffer, true);
    }

    /**
     * Iterates the batches. {@code hasNext()} and {@code next()} throw
     * {@link io.petrel.protocol.ProtocolException} for a batch with a bad batchLength or magic.
     */
    @Override
    public Iterator<RecordBatch> iterator() {
        return new BatchIterator(buffer, strict);
    }

    private static final class BatchIterator implements Iterator<RecordBatch> {
        private final ByteBuffer buffer;
        private final boolean strict;
        private int position;
        private RecordBatch next;

        BatchIterator(ByteBuffer buffer, boolean strict) {
            this.buffer = buffer;
            this.strict = strict;
            this.position = buffer.position();
        }

        @Override
        public boolean hasNext() {
            if (next == null && position < buffer.limit()) {
                int size = BatchFramer.sizeOfBatchAt(buffer, position, strict);
                if (size < 0) {
                    position = buffer.limit();
                    return false;
                }
                next = new RecordBatch(buffer.slice(position, size));
                position += size;
            }
            return next != null;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("No record batch after position " + position);
            }
            RecordBatch batch = next;
            next = null;
            return batch;
        }
    }
}
