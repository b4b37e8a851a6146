package io.petrel.protocol.record;

import io.petrel.protocol.ProtocolException;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the records of one batch, holding the batch to its declared recordCount: it fails when the
 * records end before that count, or when bytes are left after the last one. Any error from decoding a
 * record is re-thrown with the batch's offset and the record's index in front.
 */
final class RecordIterator implements Iterator<Record> {
    private final RecordDecoder decoder;
    /** The batch's baseOffset when iteration began, which names it in messages (built only on failure). */
    private final long batchBaseOffset;
    private final int recordCount;
    private int read;

    RecordIterator(RecordDecoder decoder, long batchBaseOffset, int recordCount) {
        this.decoder = decoder;
        this.batchBaseOffset = batchBaseOffset;
        this.recordCount = recordCount;
    }

    @Override
    public boolean hasNext() {
        return read < recordCount;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException(batchName() + " has no record after its " + recordCount);
        }
        if (!decoder.hasRemaining()) {
            throw new ProtocolException(batchName() + " has recordCount " + recordCount
                    + ", but its records end after " + read);
        }
        Record record = decodeNext();
        read++;
        if (read == recordCount && decoder.hasRemaining()) {
            throw new ProtocolException(batchName() + " has recordCount " + recordCount + ", but " + decoder.remaining()
                    + " bytes follow its last record");
        }
        return record;
    }

    private Record decodeNext() {
        try {
            return decoder.next();
        } catch (ProtocolException e) {
            throw new ProtocolException(batchName() + ", record " + read + ": " + e.getMessage(), e);
        }
    }

    private String batchName() {
        return RecordBatch.name(batchBaseOffset);
    }
}
