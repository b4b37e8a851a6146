package io.petrel.broker.security;

/**
 * A token an {@link OAuthBearerValidator} refuses. The message reaches the client (as Kafka's broker sends its
 * validator's reason), so it must say what is wrong without echoing the token.
 */
public final class OAuthBearerValidationException extends Exception {
    public OAuthBearerValidationException(String message) {
        super(message);
    }
}
