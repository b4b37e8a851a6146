package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.broker.internal.network.RawClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.SaslHandshakeRequest;
import io.petrel.protocol.schemas.SaslHandshakeResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SaslHandshake v0: after it, bare size-prefixed SASL tokens travel both ways, with no SaslAuthenticate framing. */
class SaslHandshakeV0Test {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .listener(Listener.of(SecurityProtocol.SASL_PLAINTEXT))
            .saslMechanisms(SaslMechanism.PLAIN)
            .user("alice", "alice-secret"));

    private static Message handshakeV0(RawClient client) throws Exception {
        return client.call(ApiKey.SASL_HANDSHAKE, 0,
                SaslHandshakeRequest.SCHEMA.newMessage().set(SaslHandshakeRequest.MECHANISM, "PLAIN"));
    }

    private static byte[] sized(String token) {
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
    }

    @Test
    void aBareTokenAuthenticatesAndRequestsFollow() throws Exception {
        Broker broker = kafka.broker();
        try (RawClient client = RawClient.connect(broker.port())) {
            assertEquals(ErrorCode.NONE.code(), handshakeV0(client).get(SaslHandshakeResponse.ERROR_CODE));
            client.sendRaw(sized("\u0000alice\u0000alice-secret"));
            assertEquals(0, client.readFrame().remaining(), "PLAIN's empty final challenge, bare");
            Message metadata = client.call(ApiKey.METADATA, 12, RawClient.metadata(null));
            assertEquals(1, metadata.get(MetadataResponse.BROKERS).size());
        }
    }

    @Test
    void aWrongBareTokenClosesTheConnection() throws Exception {
        try (RawClient client = RawClient.connect(kafka.broker().port())) {
            handshakeV0(client);
            client.sendRaw(sized("\u0000alice\u0000wrong"));
            assertTrue(client.awaitClosed(Duration.ofSeconds(5)));
        }
    }
}
