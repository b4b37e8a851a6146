package io.petrel.protocol;

/**
 * Record batches the encoder leaves out for the transport to splice in: a RECORDS field may hold one
 * instead of a {@code ByteBuffer}, and a client's batches become {@link BufferedRecords}.
 *
 * <p>The encoder writes the length prefix and leaves the batches out, noting where they belong
 * ({@link SplicedMessage}); the transport then sends the encoded bytes with the batches spliced in, for
 * a broker straight from its segment files (zero copy), for a client from its batches' own buffers. This
 * keeps the protocol module free of I/O while letting Fetch responses skip the heap and Produce requests
 * skip a copy.
 */
public interface SplicedRecords {
    /** Exactly how many bytes the transport will splice in. */
    int sizeInBytes();
}
