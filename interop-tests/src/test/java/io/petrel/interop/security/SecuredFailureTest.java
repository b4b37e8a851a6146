package io.petrel.interop.security;

import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.petrel.interop.security.KafkaClientCalls.REQUEST_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a secured connection can be refused, on both brokers: the caller gets an exception of the right type,
 * whose message says what went wrong, within one request timeout ({@link KafkaClientCalls#REQUEST_TIMEOUT}, set
 * short on purpose: a silent retry loop would end only at the much longer block/delivery timeouts).
 *
 * <p>kafka-clients' runs are the reference for what each broker answers; where kafka-clients itself does not fail
 * cleanly it has no test here: a PLAINTEXT client on a TLS port, or a TLS client on a plaintext port, waits until
 * its metadata timeout (20 s here) and fails with "Topic ... not present in metadata". Each outcome is printed,
 * so the two brokers' messages can be compared in the test output.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = BrokerKind.class, names = "APACHE_KAFKA")
@ExtendWith(SecuredBrokersExtension.class)
class SecuredFailureTest {
    @Parameter
    BrokerKind kind;
    private SecuredBroker broker;

    @BeforeEach
    void connect(SecuredBrokers brokers) throws Exception {
        broker = brokers.get(kind);
        AliceAcls.grant(broker.clientConfig(SecurityMode.SASL_SSL_SCRAM_SHA_512, User.ADMIN));
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, String> withPassword(SecurityMode mode, User user, String password) {
        Map<String, String> config = new LinkedHashMap<>(broker.clientConfig(mode, user));
        config.put("sasl.jaas.config", mode.jaasConfig(user.principal(), password));
        return config;
    }

    private Map<String, String> unknownUser(SecurityMode mode) {
        Map<String, String> config = new LinkedHashMap<>(broker.clientConfig(mode, User.ALICE));
        config.put("sasl.jaas.config", mode.jaasConfig("mallory", "mallory-secret"));
        return config;
    }

    private void assertWithinRequestTimeout(Outcome outcome) {
        System.out.printf("[%s] %s%n", broker.name(), outcome);
        assertTrue(outcome.elapsed().compareTo(REQUEST_TIMEOUT) < 0, () -> "took " + outcome.elapsed().toMillis()
                + " ms, more than the request timeout of " + REQUEST_TIMEOUT.toMillis() + " ms: " + outcome);
    }

    private static void assertMessageContains(Outcome outcome, String... parts) {
        for (String part : parts) {
            assertTrue(outcome.messages().contains(part), () -> "the message should name " + part + ": " + outcome);
        }
    }

    // ---- kafka-clients: the reference -----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = SecurityMode.class, names = {"SASL_SSL_PLAIN", "SASL_SSL_SCRAM_SHA_256",
            "SASL_SSL_SCRAM_SHA_512", "SASL_PLAINTEXT_SCRAM_SHA_256"})
    void kafkaClientsWrongPassword(SecurityMode mode) {
        Map<String, String> config = withPassword(mode, User.ALICE, "not-alices-password");
        for (Outcome outcome : new Outcome[]{KafkaClientCalls.produce(config, unique("alice-")),
                KafkaClientCalls.consume(config, unique("alice-"), unique("alice-"))}) {
            assertInstanceOf(SaslAuthenticationException.class, outcome.error(), outcome::toString);
            assertMessageContains(outcome, mode.mechanism().orElseThrow().equals("PLAIN")
                    ? "Invalid username or password" : mode.mechanism().orElseThrow());
            assertWithinRequestTimeout(outcome);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SecurityMode.class, names = {"SASL_SSL_PLAIN", "SASL_SSL_SCRAM_SHA_256",
            "SASL_SSL_SCRAM_SHA_512", "SASL_PLAINTEXT_SCRAM_SHA_256"})
    void kafkaClientsUnknownUser(SecurityMode mode) {
        Outcome outcome = KafkaClientCalls.produce(unknownUser(mode), unique("alice-"));
        assertInstanceOf(SaslAuthenticationException.class, outcome.error(), outcome::toString);
        assertWithinRequestTimeout(outcome);
    }

    @Test
    void kafkaClientsUntrustedCa() {
        Map<String, String> config = new LinkedHashMap<>(broker.clientConfig(SecurityMode.SASL_SSL_PLAIN, User.ALICE));
        config.putAll(broker.tls().untrustedTrustConfig());
        Outcome outcome = KafkaClientCalls.produce(config, unique("alice-"));
        assertInstanceOf(SslAuthenticationException.class, outcome.error(), outcome::toString);
        assertMessageContains(outcome, "PKIX path");
        assertWithinRequestTimeout(outcome);
    }

    @Test
    void kafkaClientsHostNameMismatch() {
        Map<String, String> config = new LinkedHashMap<>(broker.tls().trustConfig(io.petrel.broker.tls.StoreType.PKCS12));
        config.put("security.protocol", "SSL");
        config.put("bootstrap.servers", broker.wrongHostBootstrapServers());
        Outcome outcome = KafkaClientCalls.produce(config, unique("alice-"));
        assertInstanceOf(SslAuthenticationException.class, outcome.error(), outcome::toString);
        assertMessageContains(outcome, "127.0.0.1");
        assertWithinRequestTimeout(outcome);
    }

    @Test
    void kafkaClientsMutualTlsWithoutACertificate() {
        Map<String, String> config = new LinkedHashMap<>(broker.clientConfig(SecurityMode.SSL_CLIENT_AUTH, User.ALICE));
        config.keySet().removeIf(key -> key.startsWith("ssl.keystore.") || key.equals("ssl.key.password"));
        Outcome outcome = KafkaClientCalls.produce(config, unique("alice-"));
        assertInstanceOf(SslAuthenticationException.class, outcome.error(), outcome::toString);
        assertWithinRequestTimeout(outcome);
    }

    @Test
    void kafkaClientsTopicAuthorization() {
        String topic = unique("not-alices-");
        Outcome outcome = KafkaClientCalls.produce(broker.clientConfig(SecurityMode.SASL_SSL_SCRAM_SHA_512, User.ALICE),
                topic);
        assertInstanceOf(TopicAuthorizationException.class, outcome.error(), outcome::toString);
        assertMessageContains(outcome, topic);
        assertWithinRequestTimeout(outcome);
    }

    @Test
    void kafkaClientsGroupAuthorization() throws Exception {
        String topic = unique("alice-");
        String group = unique("not-alices-");
        Map<String, String> alice = broker.clientConfig(SecurityMode.SASL_SSL_SCRAM_SHA_512, User.ALICE);
        Outcome outcome = KafkaClientCalls.consume(alice, topic, group);
        assertInstanceOf(GroupAuthorizationException.class, outcome.error(), outcome::toString);
        assertMessageContains(outcome, group);
        assertWithinRequestTimeout(outcome);
    }
}
