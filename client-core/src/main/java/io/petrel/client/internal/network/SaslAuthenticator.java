package io.petrel.client.internal.network;

import io.petrel.client.SaslAuthenticationException;
import io.petrel.client.internal.security.sasl.SaslMechanism;
import io.petrel.client.internal.security.sasl.SaslMechanismClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.SaslAuthenticateRequest;
import io.petrel.protocol.schemas.SaslAuthenticateResponse;
import io.petrel.protocol.schemas.SaslHandshakeRequest;
import io.petrel.protocol.schemas.SaslHandshakeResponse;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One SASL exchange on one connection, as Kafka's clients run it after ApiVersions: SaslHandshake v1
 * naming the mechanism, then SaslAuthenticate rounds carrying the mechanism's messages until the broker
 * accepts (or refuses) them. Pure logic: the connection sends the {@link Step}s and hands back the
 * decoded responses. Every failure is a {@link SaslAuthenticationException} naming the mechanism, the
 * broker and the reason (the broker's error message, or the check that failed).
 *
 * <p>SaslHandshake v0 (raw SASL tokens without SaslAuthenticate) was removed from Kafka in 4.0 and is not
 * spoken. The session lifetime the broker grants (KIP-368) is kept for the connection to re-authenticate.
 */
final class SaslAuthenticator {
    private static final short HANDSHAKE_VERSION = 1;

    /** A request of the exchange to send. */
    record Step(ApiKey api, short version, Message body) {
    }

    private final SaslMechanism mechanism;
    private final SaslMechanismClient client;
    private final String broker;
    private final NegotiatedVersions versions;
    private long sessionLifetimeMs;

    SaslAuthenticator(SaslMechanism mechanism, SaslMechanismClient client, String broker, NegotiatedVersions versions) {
        this.mechanism = mechanism;
        this.client = client;
        this.broker = broker;
        this.versions = versions;
    }

    /** The SaslHandshake request that opens the exchange. */
    Step handshake() {
        boolean offered = versions.brokerRange(ApiKey.SASL_HANDSHAKE).map(r -> r.highest() >= HANDSHAKE_VERSION)
                .orElse(false);
        if (!offered || versions.chosen(ApiKey.SASL_AUTHENTICATE).isEmpty()) {
            throw failure("the broker does not offer SaslHandshake v1 and SaslAuthenticate: is it a SASL listener? "
                    + "(security.protocol SASL_PLAINTEXT and SASL_SSL need one)");
        }
        return new Step(ApiKey.SASL_HANDSHAKE, HANDSHAKE_VERSION, SaslHandshakeRequest.SCHEMA.newMessage()
                .set(SaslHandshakeRequest.MECHANISM, mechanism.wireName()));
    }

    /**
     * Reads the SaslHandshake response; the first SaslAuthenticate follows once the mechanism's initial
     * response is ready (at once, except for an OAUTHBEARER token still being fetched).
     */
    CompletableFuture<Step> onHandshakeResponse(Message body) {
        ErrorCode error = ErrorCode.forCode(body.get(SaslHandshakeResponse.ERROR_CODE));
        List<String> enabled = body.get(SaslHandshakeResponse.MECHANISMS);
        if (error == ErrorCode.UNSUPPORTED_SASL_MECHANISM) {
            throw failure("the broker does not enable " + mechanism + "; it enables " + enabled);
        }
        if (error != ErrorCode.NONE) {
            throw failure("SaslHandshake failed with " + error + ": " + error.message());
        }
        return client.initialResponse().handle((bytes, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                throw failure("could not get a token: " + cause, cause);
            }
            return authenticate(bytes);
        });
    }

    /**
     * Reads a SaslAuthenticate response.
     *
     * @return the next SaslAuthenticate to send, or empty once authenticated
     */
    Optional<Step> onAuthenticateResponse(Message body) {
        ErrorCode error = ErrorCode.forCode(body.get(SaslAuthenticateResponse.ERROR_CODE));
        if (error != ErrorCode.NONE) {
            String message = body.get(SaslAuthenticateResponse.ERROR_MESSAGE);
            String detail = client.brokerDetail().map(d -> " (" + d + ")").orElse("");
            throw failure((message == null || message.isEmpty() ? error.name() + ": " + error.message() : message) + detail);
        }
        sessionLifetimeMs = body.get(SaslAuthenticateResponse.SESSION_LIFETIME_MS);
        if (client.isComplete()) {
            return Optional.empty();
        }
        byte[] next;
        try {
            next = client.evaluate(body.get(SaslAuthenticateResponse.AUTH_BYTES));
        } catch (SaslAuthenticationException e) {
            throw failure(e.getMessage(), e);
        }
        if (next == null) {
            return Optional.empty();
        }
        return Optional.of(authenticate(next));
    }

    /** The session lifetime of the last success, 0 when the broker does not expire sessions. */
    long sessionLifetimeMs() {
        return sessionLifetimeMs;
    }

    private Step authenticate(byte[] bytes) {
        return new Step(ApiKey.SASL_AUTHENTICATE, versions.versionFor(ApiKey.SASL_AUTHENTICATE),
                SaslAuthenticateRequest.SCHEMA.newMessage().set(SaslAuthenticateRequest.AUTH_BYTES, bytes));
    }

    private SaslAuthenticationException failure(String reason) {
        return failure(reason, null);
    }

    private SaslAuthenticationException failure(String reason, Throwable cause) {
        return new SaslAuthenticationException("SASL authentication with mechanism " + mechanism + " to " + broker
                + " failed: " + reason, cause);
    }
}
