package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.broker.internal.network.RawClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client speaking the wrong protocol for the port: the broker closes that connection promptly (with one log
 * line saying why) and goes on serving everyone else; it never reads a TLS record as a request size.
 */
class WrongProtocolTest {
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .listener(Listener.of(SecurityProtocol.SSL))
            .listener(Listener.of(SecurityProtocol.SASL_PLAINTEXT))
            .listener(Listener.of(SecurityProtocol.PLAINTEXT))
            .user("alice", "alice-secret"));

    @Test
    void aPlaintextClientOnTheTlsPortIsClosed() throws Exception {
        Broker broker = kafka.broker();
        try (RawClient client = RawClient.connect(broker.port("SSL"))) {
            client.send(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            assertTrue(client.awaitClosed(CLOSED_WITHIN), "closed");
        }
        assertServesPlaintext(broker);
    }

    @Test
    void aTlsClientOnThePlaintextPortIsClosed() throws Exception {
        Broker broker = kafka.broker();
        for (String listener : new String[] {"PLAINTEXT", "SASL_PLAINTEXT"}) {
            try (SSLSocket socket = (SSLSocket) trustingContext(broker).getSocketFactory()
                    .createSocket("127.0.0.1", broker.port(listener))) {
                socket.setSoTimeout((int) CLOSED_WITHIN.toMillis());
                long started = System.nanoTime();
                assertThrows(SSLException.class, socket::startHandshake, "handshake on " + listener);
                assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(CLOSED_WITHIN) < 0);
            }
        }
        assertServesPlaintext(broker);
    }

    @Test
    void aSaslListenerClosesTheConnectionOnAnyOtherRequestBeforeAuthentication() throws Exception {
        Broker broker = kafka.broker();
        try (RawClient client = RawClient.connect(broker.port("SASL_PLAINTEXT"))) {
            assertEquals(ErrorCode.NONE.code(), client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions())
                    .get(ApiVersionsResponse.ERROR_CODE), "ApiVersions is served before authentication");
            client.send(ApiKey.METADATA, 12, RawClient.metadata(null));
            assertTrue(client.awaitClosed(CLOSED_WITHIN), "Metadata before authentication closes the connection");
        }
    }

    private static void assertServesPlaintext(Broker broker) throws Exception {
        try (RawClient client = RawClient.connect(broker.port("PLAINTEXT"))) {
            assertEquals(ErrorCode.NONE.code(), client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions())
                    .get(ApiVersionsResponse.ERROR_CODE));
        }
    }

    private static SSLContext trustingContext(Broker broker) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(broker.certificates().trustStore().pkcs12())) {
            trust.load(in, broker.certificates().password().toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
