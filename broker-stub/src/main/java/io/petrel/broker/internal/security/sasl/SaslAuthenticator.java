package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.internal.security.KafkaPrincipal;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One SASL connection's authentication, as Kafka's broker runs it:
 * <pre>
 *   HANDSHAKE --SaslHandshake(ok)--> AUTHENTICATE --SaslAuthenticate...(complete)--> AUTHENTICATED
 *       ^ ApiVersions allowed                                                         | SaslHandshake, when the
 *       | anything else closes the connection                                         v session has a lifetime
 *                                                          REAUTHENTICATE <-----------+ (KIP-368)
 * </pre>
 * Before authentication only ApiVersions, SaslHandshake and SaslAuthenticate are served; any other request
 * closes the connection. A failure answers once (SASL_AUTHENTICATION_FAILED with Kafka's message) and closes.
 * Once authenticated, the session lasts {@code connections.max.reauth.ms} or until the OAUTHBEARER token expires,
 * whichever is first; a request after that, other than a SaslHandshake starting re-authentication, closes the
 * connection. Re-authentication must keep the mechanism and the principal.
 *
 * <p>SaslHandshake v0 (no SaslAuthenticate framing: raw size-prefixed tokens follow) is served too.
 *
 * <p>Used only from the connection's event loop.
 */
public final class SaslAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(SaslAuthenticator.class);

    private enum State { HANDSHAKE, AUTHENTICATE, AUTHENTICATED, REAUTHENTICATE, FAILED }

    /** What the connection does with a request: serve it, or close saying why. */
    public record Admission(boolean allowed, String closeReason) {
        static final Admission ALLOW = new Admission(true, null);

        static Admission close(String reason) {
            return new Admission(false, reason);
        }
    }

    /** The SaslHandshake answer; the connection closes after sending it when {@code close}. */
    public record HandshakeResult(ErrorCode error, List<String> mechanisms, boolean close) {
    }

    /** The SaslAuthenticate answer; the connection closes after sending it when {@code close}. */
    public record AuthenticateResult(ErrorCode error, String errorMessage, byte[] authBytes, long sessionLifetimeMs,
                                     boolean close) {
    }

    private final Set<SaslMechanism> enabled;
    private final List<String> enabledNames;
    private final SaslMechanisms servers;
    private final Duration maxReauthentication;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private State state = State.HANDSHAKE;
    private SaslMechanism mechanism;
    private SaslServerMechanism server;
    private boolean rawTokens;
    private boolean clientSupportsReauthentication;
    private KafkaPrincipal principal;
    /** When the session ends, on {@link #nanoTime}; null while it has no lifetime. */
    private Long sessionDeadlineNanos;
    private String reauthenticationRefusal;

    /**
     * @param clock    wall-clock time, against which a token's expiry instant is read
     * @param nanoTime the monotonic source the session's deadline is measured on
     */
    public SaslAuthenticator(Set<SaslMechanism> enabled, SaslMechanisms servers, Duration maxReauthentication, Clock clock,
                             LongSupplier nanoTime) {
        this.enabled = Set.copyOf(enabled);
        this.enabledNames = enabled.stream().sorted().map(SaslMechanism::mechanismName).toList();
        this.servers = servers;
        this.maxReauthentication = maxReauthentication;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** Whether {@code api} may be served now. */
    public Admission admit(ApiKey api) {
        return switch (state) {
            case HANDSHAKE -> api == ApiKey.API_VERSIONS || api == ApiKey.SASL_HANDSHAKE ? Admission.ALLOW
                    : Admission.close("Unexpected Kafka request of type " + api.apiName() + " during SASL handshake");
            case AUTHENTICATE, REAUTHENTICATE -> api == ApiKey.SASL_AUTHENTICATE ? Admission.ALLOW
                    : Admission.close("Unexpected Kafka request of type " + api.apiName() + " during SASL authentication");
            case AUTHENTICATED -> api != ApiKey.SASL_HANDSHAKE && sessionExpired()
                    ? Admission.close("its SASL session expired and it did not re-authenticate in time"
                            + " (connections.max.reauth.ms or its token's expiry)")
                    : Admission.ALLOW;
            case FAILED -> Admission.close("authentication failed");
        };
    }

    /** Whether the next frame is a bare SASL token (after a v0 SaslHandshake), not a request. */
    public boolean expectsRawToken() {
        return rawTokens && state == State.AUTHENTICATE;
    }

    public boolean authenticated() {
        return state == State.AUTHENTICATED || state == State.REAUTHENTICATE;
    }

    /** The authenticated principal; {@code User:ANONYMOUS} before authentication. */
    public KafkaPrincipal principal() {
        return principal != null ? principal : KafkaPrincipal.ANONYMOUS;
    }

    public HandshakeResult handshake(short version, String mechanismName) {
        if (state == State.AUTHENTICATED) {
            if (sessionDeadlineNanos == null || !clientSupportsReauthentication) {
                return new HandshakeResult(ErrorCode.ILLEGAL_SASL_STATE, enabledNames, false);
            }
            state = State.REAUTHENTICATE;
            if (!mechanism.mechanismName().equals(mechanismName)) {
                reauthenticationRefusal = "SASL mechanism '" + mechanismName + "' requested by client is not supported"
                        + " for re-authentication of mechanism '" + mechanism.mechanismName() + "'";
            } else {
                server = servers.newServer(mechanism);
            }
            return new HandshakeResult(ErrorCode.NONE, enabledNames, false);
        }
        if (state != State.HANDSHAKE) {
            state = State.FAILED;
            return new HandshakeResult(ErrorCode.ILLEGAL_SASL_STATE, enabledNames, true);
        }
        SaslMechanism requested = enabled.stream().filter(m -> m.mechanismName().equals(mechanismName)).findFirst()
                .orElse(null);
        if (requested == null) {
            log.info("SASL mechanism '{}' requested by a client is not enabled; enabled: {}", mechanismName, enabledNames);
            state = State.FAILED;
            return new HandshakeResult(ErrorCode.UNSUPPORTED_SASL_MECHANISM, enabledNames, true);
        }
        mechanism = requested;
        server = servers.newServer(requested);
        rawTokens = version == 0;
        state = State.AUTHENTICATE;
        return new HandshakeResult(ErrorCode.NONE, enabledNames, false);
    }

    public AuthenticateResult authenticate(short version, byte[] authBytes) {
        if (state != State.AUTHENTICATE && state != State.REAUTHENTICATE || rawTokens) {
            boolean reauthenticated = state == State.AUTHENTICATED;
            if (!reauthenticated) {
                state = State.FAILED;
            }
            return new AuthenticateResult(ErrorCode.ILLEGAL_SASL_STATE, reauthenticated
                    ? "SaslAuthenticate request received after successful authentication"
                    : "Unexpected SaslAuthenticate request with no SaslHandshake v1 before it", null, 0, !reauthenticated);
        }
        clientSupportsReauthentication |= version > 0;
        boolean reauthenticating = state == State.REAUTHENTICATE;
        if (reauthenticationRefusal != null) {
            return failure(reauthenticationRefusal);
        }
        try {
            byte[] challenge = server.evaluate(authBytes);
            if (!server.isComplete()) {
                return new AuthenticateResult(ErrorCode.NONE, null, challenge, 0, false);
            }
            KafkaPrincipal authenticated = KafkaPrincipal.user(server.authorizationId());
            if (reauthenticating && !authenticated.equals(principal)) {
                return failure("Cannot change principals during re-authentication from " + principal + ": " + authenticated);
            }
            principal = authenticated;
            long lifetimeMs = startSession();
            state = State.AUTHENTICATED;
            log.debug("Authenticated {} with {}{}", principal, mechanism.mechanismName(),
                    reauthenticating ? " (re-authentication)" : "");
            return new AuthenticateResult(ErrorCode.NONE, null, challenge, lifetimeMs, false);
        } catch (SaslFailure e) {
            log.info("SASL/{} {} failed: {}", mechanism.mechanismName(),
                    reauthenticating ? "re-authentication" : "authentication", e.getMessage());
            return failure(e.forClient() ? e.getMessage() : "Authentication failed during "
                    + (reauthenticating ? "re-authentication" : "authentication")
                    + " due to invalid credentials with SASL mechanism " + mechanism.mechanismName());
        }
    }

    /**
     * A bare token after a v0 handshake: the challenge to send back bare, or null when authentication failed
     * (a v0 client learns of failure by the connection closing, as from Kafka).
     */
    public byte[] rawToken(byte[] token) {
        try {
            byte[] challenge = server.evaluate(token);
            if (server.isComplete()) {
                principal = KafkaPrincipal.user(server.authorizationId());
                startSession();
                state = State.AUTHENTICATED;
            }
            return challenge;
        } catch (SaslFailure e) {
            log.info("SASL/{} authentication (v0 handshake) failed: {}", mechanism.mechanismName(), e.getMessage());
            state = State.FAILED;
            return null;
        }
    }

    private AuthenticateResult failure(String message) {
        state = State.FAILED;
        return new AuthenticateResult(ErrorCode.SASL_AUTHENTICATION_FAILED, message, null, 0, true);
    }

    /** Kafka's session lifetime: the shorter of connections.max.reauth.ms and the credential's remaining life. */
    private long startSession() {
        Instant now = clock.instant();
        Instant credentialExpiry = server.credentialExpiry();
        boolean maxSet = !maxReauthentication.isZero();
        if (credentialExpiry == null && !maxSet) {
            sessionDeadlineNanos = null;
            return 0;
        }
        long lifetimeMs = Long.MAX_VALUE;
        if (maxSet) {
            lifetimeMs = maxReauthentication.toMillis();
        }
        if (credentialExpiry != null) {
            lifetimeMs = Math.min(lifetimeMs, Math.max(0, Duration.between(now, credentialExpiry).toMillis()));
        }
        sessionDeadlineNanos = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(lifetimeMs);
        return lifetimeMs;
    }

    private boolean sessionExpired() {
        return sessionDeadlineNanos != null && nanoTime.getAsLong() - sessionDeadlineNanos >= 0;
    }
}
