package io.petrel.compression;

/**
 * Thrown when data cannot be compressed or decompressed: corrupt or truncated input, decompressed
 * output larger than the caller's limit, an unknown codec id or name, or an invalid compression
 * level. The message always names the codec or the offending value.
 */
public class CompressionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message describing what went wrong.
     *
     * @param message what went wrong, naming the codec or the offending value
     */
    public CompressionException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what went wrong, naming the codec or the offending value
     * @param cause the exception raised by the underlying compression library
     */
    public CompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
