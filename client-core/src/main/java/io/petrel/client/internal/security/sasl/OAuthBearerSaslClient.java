package io.petrel.client.internal.security.sasl;

import io.petrel.client.OAuthBearerToken;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * SASL/OAUTHBEARER (RFC 7628) as Kafka speaks it: the initial response
 * {@code n,,\x01auth=Bearer <token>[\x01name=value ...]\x01\x01} carries the token and any SASL extensions;
 * an empty answer means success. A non-empty answer is the broker's error (JSON, e.g.
 * {@code {"status":"invalid_token"}}): the client answers {@code \x01} as the RFC asks, and the broker then
 * fails the exchange; the error is kept for the exception's message.
 */
final class OAuthBearerSaslClient implements SaslMechanismClient {
    private static final char SEPARATOR = '\u0001';

    private final CompletableFuture<OAuthBearerToken> token;
    private final Map<String, String> extensions;
    private boolean complete;
    private String brokerError;

    OAuthBearerSaslClient(CompletableFuture<OAuthBearerToken> token, Map<String, String> extensions) {
        this.token = token;
        this.extensions = extensions;
    }

    @Override
    public CompletableFuture<byte[]> initialResponse() {
        return token.thenApply(t -> {
            StringBuilder message = new StringBuilder("n,,").append(SEPARATOR).append("auth=Bearer ").append(t.value());
            extensions.forEach((name, value) -> message.append(SEPARATOR).append(name).append('=').append(value));
            message.append(SEPARATOR).append(SEPARATOR);
            return message.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        if (challenge == null || challenge.length == 0) {
            complete = true;
            return null;
        }
        brokerError = new String(challenge, StandardCharsets.UTF_8);
        complete = true;
        return new byte[]{SEPARATOR};
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public Optional<String> brokerDetail() {
        return Optional.ofNullable(brokerError);
    }
}
