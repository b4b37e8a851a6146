package io.petrel.broker.internal.security.sasl;

import java.time.Instant;

/**
 * The server side of one SASL exchange: fed each client response in turn, it answers with the next challenge
 * until the exchange is complete (the client proved who it is) or throws {@link SaslFailure}. One instance per
 * authentication, used from one thread at a time.
 */
public interface SaslServerMechanism {

    /** The next challenge, or the last server message when this response completes the exchange (may be empty). */
    byte[] evaluate(byte[] response) throws SaslFailure;

    /** Whether the client has authenticated. */
    boolean isComplete();

    /** The authenticated user's name; only once complete. */
    String authorizationId();

    /** When the credential the client proved stops being valid (an OAUTHBEARER token's expiry), or null. */
    default Instant credentialExpiry() {
        return null;
    }
}
