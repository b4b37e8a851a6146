package io.petrel.protocol.record;

import io.petrel.protocol.ProtocolException;

import java.nio.ByteBuffer;

/**
 * Finds where the batch at a given index ends, checking only what framing needs: that batchLength is
 * at least a header's worth, that magic is 2, and that the batch's bytes are all there.
 *
 * <p>A batch cut off by the end of the buffer is what Fetch returns when its size limit falls inside a
 * batch; in lenient mode that is reported as "no batch here" rather than an error.
 */
final class BatchFramer {
    private BatchFramer() {
    }

    /**
     * The size of the batch starting at absolute index {@code start} of {@code buf}, or -1 when the bytes
     * there are a cut-off batch and {@code strict} is false.
     *
     * @throws ProtocolException for a bad batchLength or magic, or a cut-off batch in strict mode
     */
    static int sizeOfBatchAt(ByteBuffer buf, int start, boolean strict) {
        int available = buf.limit() - start;
        if (available < BatchFormat.LOG_OVERHEAD) {
            return cutOff(buf, start, strict, available + " bytes remain, a batch needs at least " + BatchFormat.RECORDS);
        }
        if (available > BatchFormat.MAGIC) {
            checkMagic(buf, start);
        }
        int batchLength = buf.getInt(start + BatchFormat.BATCH_LENGTH);
        if (batchLength < BatchFormat.MIN_BATCH_LENGTH) {
            throw new ProtocolException(name(buf, start) + " has batchLength " + batchLength + ", expected at least "
                    + BatchFormat.MIN_BATCH_LENGTH);
        }
        long size = BatchFormat.LOG_OVERHEAD + (long) batchLength;
        if (size > available) {
            return cutOff(buf, start, strict, "batchLength is " + batchLength + ", but only "
                    + (available - BatchFormat.LOG_OVERHEAD) + " bytes follow it");
        }
        return (int) size;
    }

    private static void checkMagic(ByteBuffer buf, int start) {
        byte magic = buf.get(start + BatchFormat.MAGIC);
        if (magic != RecordBatch.MAGIC) {
            throw new ProtocolException(name(buf, start) + " has magic " + magic + ", expected " + RecordBatch.MAGIC);
        }
    }

    private static int cutOff(ByteBuffer buf, int start, boolean strict, String detail) {
        if (strict) {
            throw new ProtocolException(name(buf, start) + " is cut off: " + detail);
        }
        return -1;
    }

    private static String name(ByteBuffer buf, int start) {
        if (buf.limit() - start >= Long.BYTES) {
            return "Record batch at offset " + buf.getLong(start + BatchFormat.BASE_OFFSET);
        }
        return "Record batch at buffer position " + start;
    }
}
