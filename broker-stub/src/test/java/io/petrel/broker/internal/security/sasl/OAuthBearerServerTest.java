package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.security.OAuthBearerToken;
import io.petrel.broker.security.OAuthBearerValidationException;
import io.petrel.broker.security.UnsecuredJwsValidator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OAUTHBEARER with Kafka's unsecured-JWS validation and its RFC 7628 error flow. */
class OAuthBearerServerTest {
    private static final Instant NOW = Instant.ofEpochSecond(2_000);
    private static final UnsecuredJwsValidator VALIDATOR = UnsecuredJwsValidator.defaults(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aValidTokenAuthenticatesItsSubjectUntilItExpires() throws SaslFailure {
        OAuthBearerServer server = new OAuthBearerServer(VALIDATOR);
        assertEquals(0, server.evaluate(UnsecuredTokens.initialResponse(UnsecuredTokens.token("alice", 2_060))).length);
        assertTrue(server.isComplete());
        assertEquals("alice", server.authorizationId());
        assertEquals(Instant.ofEpochSecond(2_060), server.credentialExpiry());
    }

    @Test
    void aRefusedTokenGetsTheErrorChallengeThenFailsWithKafkasJson() throws SaslFailure {
        OAuthBearerServer server = new OAuthBearerServer(VALIDATOR);
        byte[] challenge = server.evaluate(UnsecuredTokens.initialResponse(UnsecuredTokens.token("alice", 1_999)));
        assertEquals("{\"status\":\"invalid_token\"}", new String(challenge, StandardCharsets.UTF_8));
        assertFalse(server.isComplete());

        SaslFailure failure = assertThrows(SaslFailure.class, () -> server.evaluate(new byte[] {0x01}));
        assertTrue(failure.forClient());
        assertEquals("{\"status\":\"invalid_token\"}", failure.getMessage());
    }

    @Test
    void malformedResponsesFail() {
        assertThrows(SaslFailure.class, () -> new OAuthBearerServer(VALIDATOR).evaluate("n,,junk".getBytes(StandardCharsets.UTF_8)));
        assertThrows(SaslFailure.class, () -> new OAuthBearerServer(VALIDATOR)
                .evaluate("n,,\u0001auth=Basic abc\u0001\u0001".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void validatorAppliesKafkasUnsecuredRules() {
        assertEquals(new OAuthBearerToken("alice", Set.of("a", "b"), Instant.ofEpochSecond(2_001)),
                assertValid(UnsecuredTokens.token("{\"alg\":\"none\"}", "{\"sub\":\"alice\",\"exp\":2001,\"scope\":\"a b\"}")));
        assertEquals(Set.of("x", "y"), assertValid(UnsecuredTokens.token("{\"alg\":\"none\"}",
                "{\"sub\":\"alice\",\"exp\":2001.5,\"scope\":[\"x\",\"y\"]}")).scope());

        assertRefused(UnsecuredTokens.token("alice", 2_000), "expired");
        assertRefused(UnsecuredTokens.token("{\"alg\":\"HS256\"}", "{\"sub\":\"alice\",\"exp\":3000}"), "alg");
        assertRefused(UnsecuredTokens.token("{\"alg\":\"none\"}", "{\"exp\":3000}"), "'sub'");
        assertRefused(UnsecuredTokens.token("{\"alg\":\"none\"}", "{\"sub\":\"alice\"}"), "'exp'");
        assertRefused(UnsecuredTokens.token("{\"alg\":\"none\"}", "{\"sub\":\"alice\",\"exp\":3000,\"iat\":2500}"), "future");
        assertRefused(UnsecuredTokens.token("alice", 3_000) + "c2ln", "signed");
        assertRefused("not-a-jws", "three");
        assertRefused("bm90IGpzb24.e30.", "JSON");
    }

    @Test
    void requiredScopeAndClockSkewAreHonoured() throws OAuthBearerValidationException {
        UnsecuredJwsValidator strict = new UnsecuredJwsValidator("sub", "scope", Set.of("write"), Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        OAuthBearerValidationException missing = assertThrows(OAuthBearerValidationException.class, () -> strict.validate(
                UnsecuredTokens.token("{\"alg\":\"none\"}", "{\"sub\":\"a\",\"exp\":3000,\"scope\":\"read\"}")));
        assertTrue(missing.getMessage().contains("write"), missing.getMessage());
        // Expired 10 s ago, within the 30 s skew allowed.
        strict.validate(UnsecuredTokens.token("{\"alg\":\"none\"}", "{\"sub\":\"a\",\"exp\":1990,\"scope\":\"write\"}"));
    }

    private static OAuthBearerToken assertValid(String token) {
        try {
            return VALIDATOR.validate(token);
        } catch (OAuthBearerValidationException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    private static void assertRefused(String token, String reasonContains) {
        OAuthBearerValidationException e = assertThrows(OAuthBearerValidationException.class, () -> VALIDATOR.validate(token));
        assertTrue(e.getMessage().contains(reasonContains), "'" + e.getMessage() + "' should say " + reasonContains);
    }
}
