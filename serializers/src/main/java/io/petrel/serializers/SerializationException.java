package io.petrel.serializers;

/**
 * Thrown when a value cannot be turned into bytes, or bytes cannot be turned back into a value:
 * for example a byte array of the wrong length for a fixed-width type, or text that is not a UUID.
 */
public class SerializationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message describing what went wrong.
     *
     * @param message what went wrong, naming the offending input where that helps
     */
    public SerializationException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what went wrong
     * @param cause the exception that caused this one
     */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
