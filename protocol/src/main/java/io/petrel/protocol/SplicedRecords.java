package io.petrel.protocol;

/**
 * Record batches that are not in memory: a RECORDS field may hold one instead of a {@code ByteBuffer}.
 *
 * <p>The encoder writes the length prefix and leaves the batches out, noting where they belong
 * ({@link SplicedMessage}); the transport then sends the encoded bytes with the batches spliced in, for
 * a broker straight from its segment files (zero copy). This keeps the protocol module free of I/O while
 * letting Fetch responses skip the heap.
 */
public interface SplicedRecords {
    /** Exactly how many bytes the transport will splice in. */
    int sizeInBytes();
}
