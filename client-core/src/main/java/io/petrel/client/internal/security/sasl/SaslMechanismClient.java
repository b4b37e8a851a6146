package io.petrel.client.internal.security.sasl;

import io.petrel.client.SaslAuthenticationException;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of one SASL exchange, without I/O: the connection sends what this returns in
 * SaslAuthenticate requests and hands it what the broker answers. One instance per exchange (each
 * connection, and each re-authentication, starts a new one).
 */
public interface SaslMechanismClient {

    /** The first message; it completes later when a token must be fetched first (OAUTHBEARER). */
    CompletableFuture<byte[]> initialResponse();

    /**
     * The answer to the broker's bytes, or null when there is nothing more to send.
     *
     * @throws SaslAuthenticationException when the broker's bytes are malformed or fail a check (a SCRAM
     *                                     nonce or server signature); the message says which, briefly
     */
    byte[] evaluate(byte[] challenge);

    /** Whether the client's side is done: the broker's next success ends the exchange. */
    boolean isComplete();

    /** What the broker said about a failure inside the mechanism (OAUTHBEARER's error JSON), if anything. */
    default Optional<String> brokerDetail() {
        return Optional.empty();
    }
}
