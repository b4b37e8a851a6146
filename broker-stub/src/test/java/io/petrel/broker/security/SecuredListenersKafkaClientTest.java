package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.petrel.broker.security.SecurityProtocol.PLAINTEXT;
import static io.petrel.broker.security.SecurityProtocol.SASL_PLAINTEXT;
import static io.petrel.broker.security.SecurityProtocol.SASL_SSL;
import static io.petrel.broker.security.SecurityProtocol.SSL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kafka-clients 4.3.1 against broker-stub's secured listeners: one broker with SASL_SSL, SSL (client certificates
 * required), SASL_PLAINTEXT and PLAINTEXT listeners, throwaway certificates, one user; producer, consumer group and
 * admin over each, and each way of being refused.
 */
class SecuredListenersKafkaClientTest {
    private static final Duration FAILS_WITHIN = Duration.ofSeconds(10);

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .listener(Listener.of(SASL_SSL))
            .listener(Listener.of(SSL).withClientAuth(SslClientAuth.REQUIRED))
            .listener(Listener.of(SASL_PLAINTEXT))
            .listener(Listener.of(PLAINTEXT))
            .saslMechanisms(SaslMechanism.values())
            .user("alice", "alice-secret"));

    @TempDir
    static Path otherCertificates;

    @ParameterizedTest
    @EnumSource(value = SaslMechanism.class, names = {"PLAIN", "SCRAM_SHA_256", "SCRAM_SHA_512"})
    void producerAndConsumerGroupOverSaslSsl(SaslMechanism mechanism) throws Exception {
        Map<String, String> client = kafka.broker().clientProperties("SASL_SSL", mechanism, "alice", "alice-secret");
        String topic = "sasl-ssl-" + mechanism.name().toLowerCase();

        assertEquals(KafkaClientRoundTrip.expectedValues(), KafkaClientRoundTrip.run(client, topic, topic + "-group"));
    }

    @Test
    void producerAndConsumerGroupOverSaslPlaintext() throws Exception {
        Map<String, String> client = kafka.broker().clientProperties("SASL_PLAINTEXT", SaslMechanism.SCRAM_SHA_256,
                "alice", "alice-secret");
        assertEquals(KafkaClientRoundTrip.expectedValues(), KafkaClientRoundTrip.run(client, "sasl-plaintext", "g1"));
    }

    @Test
    void producerAndConsumerGroupWithUnsecuredOAuthBearerTokens() throws Exception {
        Map<String, String> client = kafka.broker().clientProperties("SASL_SSL", SaslMechanism.OAUTHBEARER, "alice", null);
        assertEquals(KafkaClientRoundTrip.expectedValues(), KafkaClientRoundTrip.run(client, "oauth", "g-oauth"));
    }

    @Test
    void producerAndConsumerGroupOverMutualTls() throws Exception {
        Broker broker = kafka.broker();
        Map<String, String> client = new HashMap<>(broker.clientProperties("SSL"));
        client.putAll(broker.certificates().clientKeyStore("alice").kafkaProperties(StoreType.PKCS12));
        assertEquals(KafkaClientRoundTrip.expectedValues(), KafkaClientRoundTrip.run(client, "mtls", "g-mtls"));
    }

    @Test
    void eachListenerAdvertisesItsOwnAddressToItsClients() throws Exception {
        Broker broker = kafka.broker();
        Map<String, Map<String, String>> clients = Map.of(
                "SASL_SSL", broker.clientProperties("SASL_SSL", SaslMechanism.PLAIN, "alice", "alice-secret"),
                "SASL_PLAINTEXT", broker.clientProperties("SASL_PLAINTEXT", SaslMechanism.PLAIN, "alice", "alice-secret"),
                "PLAINTEXT", broker.clientProperties("PLAINTEXT"));
        for (Map.Entry<String, Map<String, String>> listener : clients.entrySet()) {
            try (Admin admin = Admin.create(new HashMap<>(listener.getValue()))) {
                DescribeClusterResult cluster = admin.describeCluster();
                Collection<Node> nodes = cluster.nodes().get(30, TimeUnit.SECONDS);
                assertEquals(1, nodes.size());
                assertEquals(broker.port(listener.getKey()), nodes.iterator().next().port(),
                        "the node " + listener.getKey() + " clients are told about");
            }
        }
    }

    @Test
    void wrongPlainPasswordIsASaslAuthenticationExceptionWithKafkasMessage() {
        Throwable failure = adminFailure(kafka.broker().clientProperties("SASL_SSL", SaslMechanism.PLAIN, "alice", "wrong"));
        assertInstanceOf(SaslAuthenticationException.class, failure);
        assertEquals("Authentication failed: Invalid username or password", failure.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = SaslMechanism.class, names = {"SCRAM_SHA_256", "SCRAM_SHA_512"})
    void wrongScramPasswordOrUnknownUserIsASaslAuthenticationException(SaslMechanism mechanism) {
        for (String[] credentials : new String[][] {{"alice", "wrong"}, {"mallory", "alice-secret"}}) {
            Throwable failure = adminFailure(kafka.broker().clientProperties("SASL_PLAINTEXT", mechanism,
                    credentials[0], credentials[1]));
            assertInstanceOf(SaslAuthenticationException.class, failure);
            assertEquals("Authentication failed during authentication due to invalid credentials with SASL mechanism "
                    + mechanism.mechanismName(), failure.getMessage());
        }
    }

    @Test
    void aServerCertificateFromAnUntrustedAuthorityIsAnSslAuthenticationException() {
        Map<String, String> client = new HashMap<>(kafka.broker().clientProperties("SASL_SSL", SaslMechanism.PLAIN,
                "alice", "alice-secret"));
        client.putAll(TestCertificates.generate(otherCertificates).trustStore().kafkaProperties(StoreType.PKCS12));

        Throwable failure = adminFailure(client);
        assertInstanceOf(SslAuthenticationException.class, failure);
        assertTrue(failure.getMessage().contains("SSL handshake failed"), failure.getMessage());
    }

    @Test
    void noClientCertificateWhereOneIsRequiredIsAnSslAuthenticationException() {
        Throwable failure = adminFailure(kafka.broker().clientProperties("SSL"));
        assertInstanceOf(SslAuthenticationException.class, failure);
    }

    /** The cause an admin call fails with, checked to arrive within {@link #FAILS_WITHIN}. */
    private static Throwable adminFailure(Map<String, String> client) {
        long started = System.nanoTime();
        Map<String, Object> config = new HashMap<>(client);
        config.put("default.api.timeout.ms", 30_000);
        try (Admin admin = Admin.create(config)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(FAILS_WITHIN) < 0, "failed after " + took);
            return e.getCause();
        }
    }
}
