package io.petrel.client;

/**
 * A TLS connection to a broker failed: its certificate is not trusted or does not match its host name, it
 * refused the client's certificate, or one side speaks TLS and the other does not. The message names the
 * broker's host and port and the reason.
 */
public class SslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public SslAuthenticationException(String message) {
        super(message);
    }

    public SslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
