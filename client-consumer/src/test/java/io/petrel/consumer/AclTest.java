package io.petrel.consumer;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.client.GroupAuthorizationException;
import io.petrel.client.TopicAuthorizationException;
import io.petrel.client.TopicPartition;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Petrel's producer and consumer under broker-stub's ACLs (Kafka's StandardAuthorizer rules), as a user allowed
 * only the {@code alice-} topics and groups: allowed there, refused elsewhere with the authorization exception
 * naming the topic or group, within seconds and without retries. The same scenario runs with kafka-clients in
 * broker-stub's own tests.
 */
class AclTest {
    private static final long FAST_MS = 10_000;
    private static final ResourcePattern ALICE_TOPICS = new ResourcePattern(ResourceType.TOPIC, "alice-", PatternType.PREFIXED);
    private static final ResourcePattern ALICE_GROUPS = new ResourcePattern(ResourceType.GROUP, "alice-", PatternType.PREFIXED);

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .secured(SaslMechanism.SCRAM_SHA_512)
            .user("admin", "admin-secret")
            .user("alice", "alice-secret")
            .authorizer("User:admin"));

    @BeforeAll
    static void aclsAndTopics() throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(as("admin")))) {
            admin.createAcls(List.of(
                    new AclBinding(ALICE_TOPICS, new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
                    new AclBinding(ALICE_TOPICS, new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW)),
                    new AclBinding(ALICE_GROUPS, new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
            admin.createTopics(List.of(new NewTopic("alice-orders", 1, (short) 1), new NewTopic("bob-orders", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> as(String user) {
        Broker broker = kafka.broker();
        return new HashMap<>(broker.clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512, user, user + "-secret"));
    }

    @Test
    void theProducerWritesToHerTopicsAndIsRefusedElsewhereNamingTheTopic() throws Exception {
        try (Producer<String, String> producer = Producer.create(as("alice"), new StringSerializer(), new StringSerializer())) {
            assertTrue(producer.send(ProducerRecord.of("alice-orders", "k", "v")).get(30, TimeUnit.SECONDS).offset() >= 0);
            TopicAuthorizationException e = fastFailure(TopicAuthorizationException.class,
                    producer.send(ProducerRecord.of("bob-orders", "k", "v")));
            assertEquals(Set.of("bob-orders"), e.unauthorizedTopics());
            assertTrue(e.getMessage().contains("bob-orders"), e.getMessage());
        }
    }

    @Test
    void theConsumerReadsInHerGroupAndIsRefusedAnotherGroupAndAnotherTopic() throws Exception {
        try (Producer<String, String> producer = Producer.create(as("alice"), new StringSerializer(), new StringSerializer())) {
            producer.send(ProducerRecord.of("alice-orders", "k", "for-alice")).get(30, TimeUnit.SECONDS);
        }
        Map<String, String> settings = as("alice");
        settings.put("auto.offset.reset", "earliest");
        settings.put("group.id", "alice-readers");
        try (Consumer<String, String> consumer = consumer(settings)) {
            consumer.subscribe(List.of("alice-orders"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!values.contains("for-alice") && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertTrue(values.contains("for-alice"), values.toString());
            consumer.commitSync(Duration.ofSeconds(30));
        }

        settings.put("group.id", "bobs-readers");
        try (Consumer<String, String> consumer = consumer(settings)) {
            consumer.subscribe(List.of("alice-orders"));
            GroupAuthorizationException e = pollFailure(GroupAuthorizationException.class, consumer);
            assertEquals("bobs-readers", e.groupId());
        }

        settings.remove("group.id");
        try (Consumer<String, String> consumer = consumer(settings)) {
            consumer.assign(List.of(new TopicPartition("bob-orders", 0)));
            TopicAuthorizationException e = pollFailure(TopicAuthorizationException.class, consumer);
            assertEquals(Set.of("bob-orders"), e.unauthorizedTopics());
        }
    }

    private static Consumer<String, String> consumer(Map<String, String> settings) {
        return Consumer.create(settings, new StringDeserializer(), new StringDeserializer());
    }

    private static <T extends Throwable> T fastFailure(Class<T> type, CompletableFuture<?> future) {
        long start = System.nanoTime();
        Throwable cause = assertThrows(ExecutionException.class, () -> future.get(FAST_MS, TimeUnit.MILLISECONDS))
                .getCause();
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(FAST_MS));
        return assertInstanceOf(type, cause);
    }

    private static <T extends Throwable> T pollFailure(Class<T> type, Consumer<String, String> consumer) {
        long start = System.nanoTime();
        T e = assertThrows(type, () -> {
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(FAST_MS)) {
                consumer.poll(Duration.ofSeconds(30));
            }
        });
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(FAST_MS), "thrown within " + FAST_MS + " ms");
        return e;
    }
}
