package io.petrel.producer;

import io.petrel.broker.Broker;
import io.petrel.broker.Fault;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.broker.security.Listener;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SslClientAuth;
import io.petrel.broker.tls.StoreType;
import io.petrel.client.ClientSecurity;
import io.petrel.client.SaslAuthenticationException;
import io.petrel.client.TopicAuthorizationException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.serializers.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.petrel.broker.security.SecurityProtocol.PLAINTEXT;
import static io.petrel.broker.security.SecurityProtocol.SASL_PLAINTEXT;
import static io.petrel.broker.security.SecurityProtocol.SASL_SSL;
import static io.petrel.broker.security.SecurityProtocol.SSL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Petrel's producer against broker-stub's secured listeners, configured with exactly the Kafka client properties a
 * kafka-clients application would use: every SASL mechanism inside TLS, SASL over plain TCP, mutual TLS, and each
 * way of being refused, which must reach the send's future within seconds (max.block.ms is a minute), naming what
 * went wrong. (A plaintext client on a TLS listener is tested in client-core against a JDK TLS server, which, as
 * Kafka's, answers with a TLS alert; broker-stub closes such connections without one.)
 */
class SecuredProducerTest {
    private static final long FAST_MS = 10_000;

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .listener(Listener.of(SASL_SSL))
            .listener(Listener.of(SSL).withClientAuth(SslClientAuth.REQUIRED))
            .listener(Listener.of(SASL_PLAINTEXT))
            .listener(Listener.of(PLAINTEXT))
            .saslMechanisms(SaslMechanism.values())
            .user("alice", "alice-secret"));

    private static KafkaReadBack readBack;

    @BeforeAll
    static void plaintextAdmin() {
        readBack = new KafkaReadBack(kafka.broker().bootstrapServers("PLAINTEXT"));
    }

    @ParameterizedTest
    @EnumSource(SaslMechanism.class)
    void producesOverSaslSslWithEachMechanism(SaslMechanism mechanism) throws Exception {
        String topic = "secured-" + mechanism.name().toLowerCase();
        roundTrip(topic, kafka.broker().clientProperties("SASL_SSL", mechanism, "alice", "alice-secret"));
    }

    @Test
    void producesOverSaslPlaintext() throws Exception {
        roundTrip("sasl-plaintext", kafka.broker().clientProperties("SASL_PLAINTEXT", SaslMechanism.SCRAM_SHA_256,
                "alice", "alice-secret"));
    }

    @Test
    void producesOverMutualTls() throws Exception {
        Broker broker = kafka.broker();
        Map<String, String> settings = new HashMap<>(broker.clientProperties("SSL"));
        settings.putAll(broker.certificates().clientKeyStore("alice").kafkaProperties(StoreType.PEM));
        roundTrip("mtls", settings);
    }

    @Test
    void theBuildersTypedSecuritySettings() throws Exception {
        Broker broker = kafka.broker();
        readBack.createTopic("typed", 1);
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(broker.bootstrapServers("SASL_SSL"))
                .security(ClientSecurity.saslTls()
                        .trustStore(broker.certificates().trustStore().pkcs12(), broker.certificates().password())
                        .scramSha512("alice", "alice-secret"))
                .build()) {
            assertEquals(0, producer.send(ProducerRecord.of("typed", "k", "v")).get(30, TimeUnit.SECONDS).offset());
        }
        assertEquals("v", new String(readBack.readAll("typed", 1).get(0).value(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(value = SaslMechanism.class, names = {"PLAIN", "SCRAM_SHA_256", "SCRAM_SHA_512"})
    void aWrongPasswordFailsTheSendWithinSeconds(SaslMechanism mechanism) throws Exception {
        Map<String, String> settings = kafka.broker().clientProperties("SASL_SSL", mechanism, "alice", "wrong-pw");
        try (Producer<String, String> producer = Producer.create(settings, new StringSerializer(), new StringSerializer())) {
            SaslAuthenticationException e = fastFailure(SaslAuthenticationException.class,
                    producer.send(ProducerRecord.of("refused", "v")));
            assertTrue(e.getMessage().contains(mechanism.mechanismName()), e.getMessage());
            assertTrue(e.getMessage().contains(":" + kafka.broker().port("SASL_SSL")), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());
            // Every later send fails the same way, promptly: nothing waits out max.block.ms.
            fastFailure(SaslAuthenticationException.class, producer.send(ProducerRecord.of("refused", "again")));
        }
    }

    @Test
    void aTopicAuthorizationFailureFailsTheRecordNamingTheTopicWithoutRetrying() throws Exception {
        readBack.createTopic("forbidden", 1);
        Fault fault = kafka.broker().faults().failPartition(ApiKey.PRODUCE, "forbidden", 0,
                ErrorCode.TOPIC_AUTHORIZATION_FAILED, 5);
        Map<String, String> settings = kafka.broker().clientProperties("SASL_PLAINTEXT", SaslMechanism.PLAIN, "alice",
                "alice-secret");
        try (Producer<String, String> producer = Producer.create(settings, new StringSerializer(), new StringSerializer())) {
            TopicAuthorizationException e = fastFailure(TopicAuthorizationException.class,
                    producer.send(ProducerRecord.of("forbidden", "v")));
            assertEquals(java.util.Set.of("forbidden"), e.unauthorizedTopics());
            assertTrue(e.getMessage().contains("TOPIC_AUTHORIZATION_FAILED") && e.getMessage().contains("forbidden"),
                    e.getMessage());
            assertEquals(1, fault.fired(), "not retried");
        } finally {
            fault.cancel();
        }
    }

    private static void roundTrip(String topic, Map<String, String> settings) throws Exception {
        readBack.createTopic(topic, 1);
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (Producer<String, String> producer = Producer.create(settings, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                sent.add(producer.send(ProducerRecord.of(topic, "k" + i, "v" + i)));
            }
            for (int i = 0; i < 10; i++) {
                assertEquals(i, sent.get(i).get(30, TimeUnit.SECONDS).offset());
            }
        }
        List<String> values = new ArrayList<>();
        readBack.readAll(topic, 10).forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"), values);
    }

    private static <T extends Throwable> T fastFailure(Class<T> type, CompletableFuture<?> future) {
        long start = System.nanoTime();
        Throwable cause = assertThrows(ExecutionException.class, () -> future.get(FAST_MS, TimeUnit.MILLISECONDS))
                .getCause();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < FAST_MS, "failed after " + ms + " ms");
        return assertInstanceOf(type, cause);
    }
}
