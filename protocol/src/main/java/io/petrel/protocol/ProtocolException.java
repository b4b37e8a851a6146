package io.petrel.protocol;

/**
 * Bytes that do not follow Kafka's wire format: a bad length, a truncated field, a wrong magic or CRC,
 * a value outside what the schema allows.
 *
 * <p>Every decoder in this module throws only this exception for bad input, so a broker or client can
 * answer or drop the one connection that sent it and carry on. The message names the bad value and
 * what was expected.
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
