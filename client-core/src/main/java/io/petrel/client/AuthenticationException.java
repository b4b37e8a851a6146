package io.petrel.client;

/**
 * A connection to a broker could not be secured or authenticated: credentials refused, a certificate not
 * trusted, or client and broker disagreeing on the security protocol. Retrying with the same settings
 * would fail the same way, so it is not retriable and the operation that needed the connection fails with
 * it at once. The message names the broker and what went wrong, never a secret.
 */
public class AuthenticationException extends ClientException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
