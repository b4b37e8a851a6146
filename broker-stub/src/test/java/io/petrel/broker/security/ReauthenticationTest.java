package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.internal.network.RawClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.SaslAuthenticateRequest;
import io.petrel.protocol.schemas.SaslAuthenticateResponse;
import io.petrel.protocol.schemas.SaslHandshakeRequest;
import io.petrel.protocol.schemas.SaslHandshakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KIP-368 on the wire: with {@code connections.max.reauth.ms} the broker gives each SASL session a lifetime in
 * SaslAuthenticate, closes a connection that goes on past it, and lets the client re-authenticate in time on the
 * same connection. The broker's monotonic time is the test's, so no one waits.
 */
class ReauthenticationTest {
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.builder()
                .listener(Listener.of(SecurityProtocol.SASL_PLAINTEXT))
                .saslMechanisms(SaslMechanism.PLAIN)
                .user("alice", "alice-secret")
                .user("bob", "bob-secret")
                .reauthentication(LIFETIME)
                .nanoTime(nanos::get)
                .build());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static Message authenticate(RawClient client, String user, String password) throws IOException {
        Message handshake = client.call(ApiKey.SASL_HANDSHAKE, 1,
                SaslHandshakeRequest.SCHEMA.newMessage().set(SaslHandshakeRequest.MECHANISM, "PLAIN"));
        assertEquals(ErrorCode.NONE.code(), handshake.get(SaslHandshakeResponse.ERROR_CODE));
        assertEquals(List.of("PLAIN"), handshake.get(SaslHandshakeResponse.MECHANISMS));
        byte[] token = ("\u0000" + user + "\u0000" + password).getBytes(StandardCharsets.UTF_8);
        return client.call(ApiKey.SASL_AUTHENTICATE, 2,
                SaslAuthenticateRequest.SCHEMA.newMessage().set(SaslAuthenticateRequest.AUTH_BYTES, token));
    }

    private static void assertMetadataServed(RawClient client) throws IOException {
        Message metadata = client.call(ApiKey.METADATA, 12, RawClient.metadata(null));
        assertEquals(1, metadata.get(MetadataResponse.BROKERS).size());
    }

    @Test
    void aSessionPastItsLifetimeIsClosed() throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            Message authenticated = authenticate(client, "alice", "alice-secret");
            assertEquals(ErrorCode.NONE.code(), authenticated.get(SaslAuthenticateResponse.ERROR_CODE));
            assertEquals(LIFETIME.toMillis(), authenticated.get(SaslAuthenticateResponse.SESSION_LIFETIME_MS));
            assertMetadataServed(client);

            advance(LIFETIME.plusSeconds(1));
            client.send(ApiKey.METADATA, 12, RawClient.metadata(null));
            assertTrue(client.awaitClosed(Duration.ofSeconds(5)), "the expired session's connection is closed");
        }
    }

    @Test
    void reauthenticatingInTimeKeepsTheConnection() throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            authenticate(client, "alice", "alice-secret");
            advance(LIFETIME.minusMinutes(1));
            Message again = authenticate(client, "alice", "alice-secret");
            assertEquals(ErrorCode.NONE.code(), again.get(SaslAuthenticateResponse.ERROR_CODE));
            assertEquals(LIFETIME.toMillis(), again.get(SaslAuthenticateResponse.SESSION_LIFETIME_MS));

            advance(LIFETIME.minusMinutes(1));
            assertMetadataServed(client); // past the first session's end, within the second's
        }
    }

    @Test
    void reauthenticatingAsSomeoneElseFailsAndCloses() throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            authenticate(client, "alice", "alice-secret");
            Message other = authenticate(client, "bob", "bob-secret");
            assertEquals(ErrorCode.SASL_AUTHENTICATION_FAILED.code(), other.get(SaslAuthenticateResponse.ERROR_CODE));
            assertEquals("Cannot change principals during re-authentication from User:alice: User:bob",
                    other.get(SaslAuthenticateResponse.ERROR_MESSAGE));
            assertTrue(client.awaitClosed(Duration.ofSeconds(5)));
        }
    }
}
