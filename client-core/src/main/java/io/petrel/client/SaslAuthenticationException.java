package io.petrel.client;

/**
 * SASL authentication with a broker failed: wrong password or unknown user, a mechanism the broker has
 * not enabled, or a broker whose answer did not prove it knows the credentials (SCRAM). The message names
 * the mechanism, the broker and the broker's reason.
 */
public class SaslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public SaslAuthenticationException(String message) {
        super(message);
    }

    public SaslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
