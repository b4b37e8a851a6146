package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.security.SaslUser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SASL/PLAIN with Kafka's messages: what a kafka-clients user reads in the exception. */
class PlainServerTest {
    private static final Map<String, SaslUser> USERS = Map.of("alice", SaslUser.withPassword("alice", "alice-secret"));

    private static SaslFailure refused(String message) {
        PlainServer server = new PlainServer(USERS);
        SaslFailure failure = assertThrows(SaslFailure.class,
                () -> server.evaluate(message.getBytes(StandardCharsets.UTF_8)));
        assertFalse(server.isComplete());
        return failure;
    }

    @Test
    void theRightPasswordAuthenticatesTheUser() throws SaslFailure {
        PlainServer server = new PlainServer(USERS);
        assertEquals(0, server.evaluate("\u0000alice\u0000alice-secret".getBytes(StandardCharsets.UTF_8)).length);
        assertTrue(server.isComplete());
        assertEquals("alice", server.authorizationId());
    }

    @Test
    void anAuthorizationIdEqualToTheUserIsAccepted() throws SaslFailure {
        PlainServer server = new PlainServer(USERS);
        server.evaluate("alice\u0000alice\u0000alice-secret".getBytes(StandardCharsets.UTF_8));
        assertTrue(server.isComplete());
    }

    @Test
    void failuresSayWhatKafkaSays() {
        assertEquals("Authentication failed: Invalid username or password", refused("\u0000alice\u0000nope").getMessage());
        assertEquals("Authentication failed: Invalid username or password", refused("\u0000bob\u0000alice-secret").getMessage());
        assertEquals("Authentication failed: username not specified", refused("\u0000\u0000x").getMessage());
        assertEquals("Authentication failed: password not specified", refused("\u0000alice\u0000").getMessage());
        assertEquals("Authentication failed: Client requested an authorization id that is different from username",
                refused("admin\u0000alice\u0000alice-secret").getMessage());
        assertTrue(refused("\u0000alice\u0000nope").forClient());
        SaslFailure malformed = refused("alice-secret");
        assertFalse(malformed.forClient());
        assertEquals("Invalid SASL/PLAIN response: expected 3 tokens, got 1", malformed.getMessage());
    }

    @Test
    void failureMessagesNeverHoldThePassword() {
        assertFalse(refused("\u0000alice\u0000wrong-secret-123").getMessage().contains("wrong-secret-123"));
    }
}
