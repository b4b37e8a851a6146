package io.petrel.broker.internal.security.sasl;

/**
 * A failed SASL exchange. As in Kafka, some reasons may be told to the client as they are (PLAIN's "Invalid
 * username or password"), others only in the broker's log, the client getting the generic "invalid credentials
 * with SASL mechanism X" so that it learns nothing about which users exist. Neither ever holds a secret.
 */
public final class SaslFailure extends Exception {
    private final boolean forClient;

    private SaslFailure(String message, boolean forClient) {
        super(message);
        this.forClient = forClient;
    }

    /** A reason the client is told word for word. */
    public static SaslFailure toClient(String message) {
        return new SaslFailure(message, true);
    }

    /** A reason for the broker's log only. */
    public static SaslFailure logOnly(String message) {
        return new SaslFailure(message, false);
    }

    public boolean forClient() {
        return forClient;
    }
}
