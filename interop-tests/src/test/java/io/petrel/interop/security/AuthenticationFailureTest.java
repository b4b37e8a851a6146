package io.petrel.interop.security;

import io.petrel.broker.tls.StoreType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.petrel.interop.security.KafkaClientCalls.REQUEST_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a connection to a secured broker can be refused, on both brokers, with Petrel's producer and consumer:
 * the caller gets an exception of the right type, whose message names what went wrong (the SASL mechanism and the
 * broker; the TLS host and the reason), within one request timeout ({@link KafkaClientCalls#REQUEST_TIMEOUT}, set
 * short on purpose: a silent retry loop would end only at the far longer block and delivery timeouts). The
 * protocol mismatches (PLAINTEXT client on a TLS port, TLS client on a plaintext port) are held to the same bound.
 *
 * <p>kafka-clients' runs are the reference for what each broker answers. Where kafka-clients itself does not fail
 * cleanly it has no test: a PLAINTEXT client on a TLS port, or a TLS client on a plaintext port, waits until its
 * metadata timeout and fails with "Topic ... not present in metadata". Each outcome is printed with the broker's
 * name, so the brokers' messages can be compared in the test output.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BrokerKind.class)
@ExtendWith(SecuredBrokersExtension.class)
class AuthenticationFailureTest {
    private static final String SASL_MODES_WITH_PASSWORDS = "SASL_(SSL|PLAINTEXT)_(PLAIN|SCRAM_SHA_256|SCRAM_SHA_512)";

    @Parameter
    BrokerKind kind;
    private SecuredBroker broker;

    @BeforeEach
    void connect(SecuredBrokers brokers) {
        broker = brokers.get(kind);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, String> withCredentials(SecurityMode mode, String user, String password) {
        Map<String, String> config = new LinkedHashMap<>(broker.clientConfig(mode, User.ALICE));
        config.put("sasl.jaas.config", mode.jaasConfig(user, password));
        return config;
    }

    /** A client trusting the test CA over {@code protocol} (SSL or PLAINTEXT) to {@code bootstrap}, no certificate. */
    private Map<String, String> client(String protocol, String bootstrap) {
        Map<String, String> config = new LinkedHashMap<>();
        if (!protocol.equals("PLAINTEXT")) {
            config.putAll(broker.tls().trustConfig(StoreType.PKCS12));
        }
        config.put("security.protocol", protocol);
        config.put("bootstrap.servers", bootstrap);
        return config;
    }

    private void assertFailed(Outcome outcome, Class<? extends Throwable> type, String... named) {
        System.out.printf("[%s] %s%n", broker.name(), outcome);
        assertInstanceOf(type, outcome.error(), () -> broker.name() + ": " + outcome);
        for (String part : named) {
            assertTrue(outcome.messages().contains(part), () -> broker.name() + ": the message should name " + part
                    + ": " + outcome);
        }
        assertTrue(outcome.elapsed().compareTo(REQUEST_TIMEOUT) < 0, () -> broker.name() + ": took "
                + outcome.elapsed().toMillis() + " ms, more than the request timeout of " + REQUEST_TIMEOUT.toMillis()
                + " ms: " + outcome);
    }

    private static List<Outcome> petrelProducerAndConsumer(Map<String, String> config) {
        return List.of(PetrelCalls.produce(config, unique("alice-")),
                PetrelCalls.consume(config, unique("alice-"), unique("alice-")));
    }

    // ---- Petrel ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = SecurityMode.class, mode = EnumSource.Mode.MATCH_ALL, names = SASL_MODES_WITH_PASSWORDS)
    void petrelWrongPassword(SecurityMode mode) {
        for (Outcome outcome : petrelProducerAndConsumer(withCredentials(mode, "alice", "not-alices-password"))) {
            assertFailed(outcome, io.petrel.client.SaslAuthenticationException.class, mode.mechanism().orElseThrow(),
                    broker.bootstrapServers(mode));
            assertTrue(!outcome.messages().contains("not-alices-password"), outcome::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SecurityMode.class, mode = EnumSource.Mode.MATCH_ALL, names = SASL_MODES_WITH_PASSWORDS)
    void petrelUnknownUser(SecurityMode mode) {
        for (Outcome outcome : petrelProducerAndConsumer(withCredentials(mode, "mallory", "mallory-secret"))) {
            assertFailed(outcome, io.petrel.client.SaslAuthenticationException.class, mode.mechanism().orElseThrow(),
                    broker.bootstrapServers(mode));
        }
    }

    @Test
    void petrelUntrustedCa() {
        Map<String, String> config = new LinkedHashMap<>(broker.clientConfig(SecurityMode.SASL_SSL_PLAIN, User.ALICE));
        config.putAll(broker.tls().untrustedTrustConfig());
        for (Outcome outcome : petrelProducerAndConsumer(config)) {
            assertFailed(outcome, io.petrel.client.SslAuthenticationException.class,
                    broker.bootstrapServers(SecurityMode.SASL_SSL_PLAIN), "not signed by an authority");
        }
    }

    @Test
    void petrelHostNameMismatch() {
        Outcome outcome = PetrelCalls.produce(client("SSL", broker.wrongHostBootstrapServers()), unique("alice-"));
        assertFailed(outcome, io.petrel.client.SslAuthenticationException.class, broker.wrongHostBootstrapServers(),
                "does not name the host");
    }

    @Test
    void petrelMutualTlsWithoutACertificate() {
        String bootstrap = broker.bootstrapServers(SecurityMode.SSL_CLIENT_AUTH);
        for (Outcome outcome : petrelProducerAndConsumer(client("SSL", bootstrap))) {
            assertFailed(outcome, io.petrel.client.SslAuthenticationException.class, bootstrap, "certificate");
        }
    }

    @Test
    void petrelPlaintextClientOnATlsPort() {
        String bootstrap = broker.bootstrapServers(SecurityMode.SSL_CLIENT_AUTH);
        for (Outcome outcome : petrelProducerAndConsumer(client("PLAINTEXT", bootstrap))) {
            assertFailed(outcome, io.petrel.client.SslAuthenticationException.class, bootstrap, "TLS");
        }
    }

    @Test
    void petrelTlsClientOnAPlaintextPort() {
        String bootstrap = broker.plaintextBootstrapServers();
        for (Outcome outcome : petrelProducerAndConsumer(client("SSL", bootstrap))) {
            assertFailed(outcome, io.petrel.client.SslAuthenticationException.class, bootstrap, "plaintext");
        }
    }

    // ---- kafka-clients: the reference -----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = SecurityMode.class, mode = EnumSource.Mode.MATCH_ALL, names = SASL_MODES_WITH_PASSWORDS)
    void kafkaClientsWrongPassword(SecurityMode mode) {
        Map<String, String> config = withCredentials(mode, "alice", "not-alices-password");
        String mechanism = mode.mechanism().orElseThrow();
        for (Outcome outcome : List.of(KafkaClientCalls.produce(config, unique("alice-")),
                KafkaClientCalls.consume(config, unique("alice-"), unique("alice-")))) {
            assertFailed(outcome, SaslAuthenticationException.class,
                    mechanism.equals("PLAIN") ? "Invalid username or password" : mechanism);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SecurityMode.class, mode = EnumSource.Mode.MATCH_ALL, names = SASL_MODES_WITH_PASSWORDS)
    void kafkaClientsUnknownUser(SecurityMode mode) {
        assertFailed(KafkaClientCalls.produce(withCredentials(mode, "mallory", "mallory-secret"), unique("alice-")),
                SaslAuthenticationException.class);
    }

    @Test
    void kafkaClientsUntrustedCa() {
        Map<String, String> config = new LinkedHashMap<>(broker.clientConfig(SecurityMode.SASL_SSL_PLAIN, User.ALICE));
        config.putAll(broker.tls().untrustedTrustConfig());
        assertFailed(KafkaClientCalls.produce(config, unique("alice-")), SslAuthenticationException.class, "PKIX path");
    }

    @Test
    void kafkaClientsHostNameMismatch() {
        assertFailed(KafkaClientCalls.produce(client("SSL", broker.wrongHostBootstrapServers()), unique("alice-")),
                SslAuthenticationException.class, "127.0.0.1");
    }

    @Test
    void kafkaClientsMutualTlsWithoutACertificate() {
        assertFailed(KafkaClientCalls.produce(client("SSL", broker.bootstrapServers(SecurityMode.SSL_CLIENT_AUTH)),
                unique("alice-")), SslAuthenticationException.class);
    }
}
