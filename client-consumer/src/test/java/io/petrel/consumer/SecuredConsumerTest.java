package io.petrel.consumer;

import io.petrel.broker.Broker;
import io.petrel.broker.Fault;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.broker.security.Listener;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SslClientAuth;
import io.petrel.broker.tls.StoreType;
import io.petrel.client.GroupAuthorizationException;
import io.petrel.client.SaslAuthenticationException;
import io.petrel.client.TopicAuthorizationException;
import io.petrel.client.TopicPartition;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.serializers.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.petrel.broker.security.SecurityProtocol.PLAINTEXT;
import static io.petrel.broker.security.SecurityProtocol.SASL_PLAINTEXT;
import static io.petrel.broker.security.SecurityProtocol.SASL_SSL;
import static io.petrel.broker.security.SecurityProtocol.SSL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Petrel's consumer (in a group) against broker-stub's secured listeners, configured with the Kafka client
 * properties a kafka-clients application would use; and each way of being refused, which poll must throw within
 * seconds, naming what went wrong, instead of returning empty batches until the caller gives up.
 */
class SecuredConsumerTest {
    private static final long FAST_MS = 10_000;
    private static final List<String> VALUES = List.of("v0", "v1", "v2", "v3", "v4");

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .listener(Listener.of(SASL_SSL))
            .listener(Listener.of(SSL).withClientAuth(SslClientAuth.REQUIRED))
            .listener(Listener.of(SASL_PLAINTEXT))
            .listener(Listener.of(PLAINTEXT))
            .saslMechanisms(SaslMechanism.values())
            .user("alice", "alice-secret"));

    private static KafkaTopics topics;

    @BeforeAll
    static void writer() {
        topics = new KafkaTopics(kafka.broker().bootstrapServers("PLAINTEXT"));
    }

    @AfterAll
    static void closeWriter() {
        topics.close();
    }

    @ParameterizedTest
    @EnumSource(SaslMechanism.class)
    void consumesInAGroupOverSaslSslWithEachMechanism(SaslMechanism mechanism) {
        String topic = "secured-" + mechanism.name().toLowerCase();
        assertEquals(VALUES, groupRead(topic, kafka.broker().clientProperties("SASL_SSL", mechanism, "alice",
                "alice-secret")));
    }

    @Test
    void consumesInAGroupOverSaslPlaintext() {
        assertEquals(VALUES, groupRead("sasl-plaintext", kafka.broker().clientProperties("SASL_PLAINTEXT",
                SaslMechanism.SCRAM_SHA_512, "alice", "alice-secret")));
    }

    @Test
    void consumesInAGroupOverMutualTls() {
        Broker broker = kafka.broker();
        Map<String, String> settings = new HashMap<>(broker.clientProperties("SSL"));
        settings.putAll(broker.certificates().clientKeyStore("alice").kafkaProperties(StoreType.JKS));
        assertEquals(VALUES, groupRead("mtls", settings));
    }

    @ParameterizedTest
    @EnumSource(value = SaslMechanism.class, names = {"PLAIN", "SCRAM_SHA_256"})
    void aWrongPasswordIsThrownFromPollInAGroupAndWithoutOne(SaslMechanism mechanism) {
        Map<String, String> settings = new HashMap<>(kafka.broker().clientProperties("SASL_SSL", mechanism, "alice",
                "wrong-pw"));
        settings.put("group.id", "refused-group");
        try (Consumer<String, String> consumer = consumer(settings)) {
            consumer.subscribe(List.of("refused"));
            SaslAuthenticationException e = pollFailure(SaslAuthenticationException.class, consumer);
            assertTrue(e.getMessage().contains(mechanism.mechanismName()), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());
        }
        settings.remove("group.id");
        try (Consumer<String, String> consumer = consumer(settings)) {
            consumer.assign(List.of(new TopicPartition("refused", 0)));
            pollFailure(SaslAuthenticationException.class, consumer);
        }
    }

    @Test
    void aGroupAuthorizationFailureIsThrownFromPollNamingTheGroup() {
        String topic = "group-refused";
        topics.create(topic, 1);
        Fault fault = kafka.broker().faults().failRequests(ApiKey.FIND_COORDINATOR, ErrorCode.GROUP_AUTHORIZATION_FAILED,
                1000);
        Map<String, String> settings = new HashMap<>(kafka.broker().clientProperties("SASL_PLAINTEXT",
                SaslMechanism.PLAIN, "alice", "alice-secret"));
        settings.put("group.id", "not-for-alice");
        try (Consumer<String, String> consumer = consumer(settings)) {
            consumer.subscribe(List.of(topic));
            GroupAuthorizationException e = pollFailure(GroupAuthorizationException.class, consumer);
            assertEquals("not-for-alice", e.groupId());
            assertTrue(e.getMessage().contains("not-for-alice"), e.getMessage());
        } finally {
            fault.cancel();
        }
    }

    @Test
    void aTopicAuthorizationFailureOnFetchIsThrownFromPollNamingTheTopic() {
        String topic = "fetch-refused";
        topics.create(topic, 1);
        topics.send(topic, 0, VALUES);
        Fault fault = kafka.broker().faults().failPartition(ApiKey.FETCH, topic, 0, ErrorCode.TOPIC_AUTHORIZATION_FAILED,
                1000);
        Map<String, String> settings = new HashMap<>(kafka.broker().clientProperties("SASL_PLAINTEXT",
                SaslMechanism.PLAIN, "alice", "alice-secret"));
        settings.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = consumer(settings)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            TopicAuthorizationException e = pollFailure(TopicAuthorizationException.class, consumer);
            assertEquals(Set.of(topic), e.unauthorizedTopics());
            fault.cancel();
            assertEquals(VALUES, pollValues(consumer), "once allowed, the partition is read from where it stood");
        } finally {
            fault.cancel();
        }
    }

    private static List<String> groupRead(String topic, Map<String, String> settings) {
        topics.create(topic, 1);
        topics.send(topic, 0, VALUES);
        Map<String, String> group = new HashMap<>(settings);
        group.put("group.id", topic + "-group");
        group.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = consumer(group)) {
            consumer.subscribe(List.of(topic));
            List<String> values = pollValues(consumer);
            consumer.commitSync();
            assertEquals(5L, consumer.committed(Set.of(new TopicPartition(topic, 0))).get(new TopicPartition(topic, 0))
                    .offset());
            return values;
        }
    }

    private static List<String> pollValues(Consumer<String, String> consumer) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (values.size() < VALUES.size()) {
            if (System.nanoTime() - deadline > 0) {
                fail("read only " + values);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
        }
        return values;
    }

    private static Consumer<String, String> consumer(Map<String, String> settings) {
        return Consumer.create(settings, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls with a long timeout: the failure must interrupt it, well before it would time out. */
    private static <T extends Throwable> T pollFailure(Class<T> type, Consumer<String, String> consumer) {
        long start = System.nanoTime();
        T e = assertThrows(type, () -> {
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(FAST_MS)) {
                consumer.poll(Duration.ofSeconds(30));
            }
        });
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < FAST_MS, "thrown after " + ms + " ms");
        return e;
    }
}
