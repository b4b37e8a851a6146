package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.internal.security.KafkaPrincipal;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SaslUser;
import io.petrel.broker.security.UnsecuredJwsValidator;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-connection SASL state machine: what is served when, session lifetimes and re-authentication (KIP-368). */
class SaslAuthenticatorTest {
    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(10_000));
    private final SaslMechanisms servers = new SaslMechanisms(
            Map.of("alice", SaslUser.withPassword("alice", "alice-secret"), "bob", SaslUser.withPassword("bob", "bob-secret")),
            UnsecuredJwsValidator.defaults(clock));

    private SaslAuthenticator authenticator(Duration reauth) {
        return new SaslAuthenticator(EnumSet.of(SaslMechanism.PLAIN, SaslMechanism.OAUTHBEARER), servers, reauth, clock,
                clock::nanoTime);
    }

    private static byte[] plain(String user, String password) {
        return ("\u0000" + user + "\u0000" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onlyApiVersionsAndTheSaslApisAreServedBeforeAuthentication() {
        SaslAuthenticator sasl = authenticator(Duration.ZERO);
        assertTrue(sasl.admit(ApiKey.API_VERSIONS).allowed());
        assertTrue(sasl.admit(ApiKey.SASL_HANDSHAKE).allowed());
        SaslAuthenticator.Admission metadata = sasl.admit(ApiKey.METADATA);
        assertFalse(metadata.allowed());
        assertEquals("Unexpected Kafka request of type Metadata during SASL handshake", metadata.closeReason());

        sasl.handshake((short) 1, "PLAIN");
        assertFalse(sasl.admit(ApiKey.PRODUCE).allowed(), "nothing but SaslAuthenticate once a mechanism is chosen");
        assertTrue(sasl.admit(ApiKey.SASL_AUTHENTICATE).allowed());
        assertEquals(KafkaPrincipal.ANONYMOUS, sasl.principal());
    }

    @Test
    void aSuccessfulExchangeSetsThePrincipalAndOpensEveryApi() {
        SaslAuthenticator sasl = authenticator(Duration.ZERO);
        SaslAuthenticator.HandshakeResult handshake = sasl.handshake((short) 1, "PLAIN");
        assertEquals(ErrorCode.NONE, handshake.error());
        assertEquals(List.of("PLAIN", "OAUTHBEARER"), handshake.mechanisms());

        SaslAuthenticator.AuthenticateResult result = sasl.authenticate((short) 2, plain("alice", "alice-secret"));
        assertEquals(ErrorCode.NONE, result.error());
        assertEquals(0, result.sessionLifetimeMs(), "no connections.max.reauth.ms: no lifetime");
        assertEquals(KafkaPrincipal.user("alice"), sasl.principal());
        assertTrue(sasl.admit(ApiKey.PRODUCE).allowed());
        clock.advance(Duration.ofDays(365));
        assertTrue(sasl.admit(ApiKey.PRODUCE).allowed(), "a session without a lifetime never expires");
    }

    @Test
    void anUnknownMechanismIsRefusedWithTheEnabledListAndCloses() {
        SaslAuthenticator.HandshakeResult result = authenticator(Duration.ZERO).handshake((short) 1, "GSSAPI");
        assertEquals(ErrorCode.UNSUPPORTED_SASL_MECHANISM, result.error());
        assertEquals(List.of("PLAIN", "OAUTHBEARER"), result.mechanisms());
        assertTrue(result.close());
    }

    @Test
    void aFailedExchangeAnswersOnceThenCloses() {
        SaslAuthenticator sasl = authenticator(Duration.ZERO);
        sasl.handshake((short) 1, "PLAIN");
        SaslAuthenticator.AuthenticateResult result = sasl.authenticate((short) 2, plain("alice", "wrong"));
        assertEquals(ErrorCode.SASL_AUTHENTICATION_FAILED, result.error());
        assertEquals("Authentication failed: Invalid username or password", result.errorMessage());
        assertTrue(result.close());
        assertFalse(sasl.admit(ApiKey.API_VERSIONS).allowed());
    }

    @Test
    void authenticateWithoutAHandshakeIsIllegal() {
        SaslAuthenticator.AuthenticateResult result = authenticator(Duration.ZERO).authenticate((short) 2, plain("alice", "alice-secret"));
        assertEquals(ErrorCode.ILLEGAL_SASL_STATE, result.error());
        assertTrue(result.close());
    }

    @Test
    void theSessionLastsConnectionsMaxReauthMsThenOnlyReauthenticationIsServed() {
        SaslAuthenticator sasl = authenticator(Duration.ofMinutes(5));
        sasl.handshake((short) 1, "PLAIN");
        assertEquals(300_000, sasl.authenticate((short) 2, plain("alice", "alice-secret")).sessionLifetimeMs());

        clock.advance(Duration.ofMinutes(4));
        assertTrue(sasl.admit(ApiKey.FETCH).allowed());
        // Re-authenticating before expiry (KIP-368) restarts the session.
        assertEquals(ErrorCode.NONE, sasl.handshake((short) 1, "PLAIN").error());
        assertFalse(sasl.admit(ApiKey.FETCH).allowed(), "nothing else while re-authenticating");
        assertEquals(300_000, sasl.authenticate((short) 2, plain("alice", "alice-secret")).sessionLifetimeMs());
        clock.advance(Duration.ofMinutes(4));
        assertTrue(sasl.admit(ApiKey.FETCH).allowed(), "the new session runs from the re-authentication");

        clock.advance(Duration.ofMinutes(2));
        SaslAuthenticator.Admission expired = sasl.admit(ApiKey.FETCH);
        assertFalse(expired.allowed());
        assertTrue(expired.closeReason().contains("expired"), expired.closeReason());
        assertTrue(sasl.admit(ApiKey.SASL_HANDSHAKE).allowed(), "an expired session may still re-authenticate");
    }

    @Test
    void reauthenticationMustKeepThePrincipalAndTheMechanism() {
        SaslAuthenticator sasl = authenticator(Duration.ofMinutes(5));
        sasl.handshake((short) 1, "PLAIN");
        sasl.authenticate((short) 2, plain("alice", "alice-secret"));
        sasl.handshake((short) 1, "PLAIN");
        SaslAuthenticator.AuthenticateResult other = sasl.authenticate((short) 2, plain("bob", "bob-secret"));
        assertEquals(ErrorCode.SASL_AUTHENTICATION_FAILED, other.error());
        assertEquals("Cannot change principals during re-authentication from User:alice: User:bob", other.errorMessage());
        assertTrue(other.close());

        SaslAuthenticator second = authenticator(Duration.ofMinutes(5));
        second.handshake((short) 1, "PLAIN");
        second.authenticate((short) 2, plain("alice", "alice-secret"));
        second.handshake((short) 1, "OAUTHBEARER");
        SaslAuthenticator.AuthenticateResult switched = second.authenticate((short) 2,
                UnsecuredTokens.initialResponse(UnsecuredTokens.token("alice", 99_999)));
        assertEquals(ErrorCode.SASL_AUTHENTICATION_FAILED, switched.error());
        assertTrue(switched.errorMessage().contains("re-authentication of mechanism 'PLAIN'"), switched.errorMessage());
    }

    @Test
    void withoutALifetimeAHandshakeOnAnAuthenticatedConnectionIsIllegal() {
        SaslAuthenticator sasl = authenticator(Duration.ZERO);
        sasl.handshake((short) 1, "PLAIN");
        sasl.authenticate((short) 2, plain("alice", "alice-secret"));
        SaslAuthenticator.HandshakeResult again = sasl.handshake((short) 1, "PLAIN");
        assertEquals(ErrorCode.ILLEGAL_SASL_STATE, again.error());
        assertFalse(again.close());
        assertTrue(sasl.admit(ApiKey.METADATA).allowed(), "the session goes on");
    }

    @Test
    void anOAuthBearerSessionEndsWithItsTokenWhenThatComesFirst() {
        SaslAuthenticator sasl = authenticator(Duration.ofHours(1));
        sasl.handshake((short) 1, "OAUTHBEARER");
        long expiry = clock.instant().getEpochSecond() + 60;
        SaslAuthenticator.AuthenticateResult result = sasl.authenticate((short) 2,
                UnsecuredTokens.initialResponse(UnsecuredTokens.token("carol", expiry)));
        assertEquals(ErrorCode.NONE, result.error());
        assertEquals(60_000, result.sessionLifetimeMs());
        assertEquals(KafkaPrincipal.user("carol"), sasl.principal());
    }

    @Test
    void aVersionZeroHandshakeIsFollowedByBareTokens() {
        SaslAuthenticator sasl = authenticator(Duration.ZERO);
        sasl.handshake((short) 0, "PLAIN");
        assertTrue(sasl.expectsRawToken());
        assertArrayEquals(new byte[0], sasl.rawToken(plain("alice", "alice-secret")));
        assertTrue(sasl.authenticated());
        assertFalse(sasl.expectsRawToken());

        SaslAuthenticator failing = authenticator(Duration.ZERO);
        failing.handshake((short) 0, "PLAIN");
        assertNull(failing.rawToken(plain("alice", "nope")));
        assertFalse(failing.admit(ApiKey.API_VERSIONS).allowed());
    }
}
