package io.petrel.interop.security;

import io.petrel.client.BrokerErrorException;
import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same ACLs on both brokers give the same answers, to Petrel's clients and to kafka-clients': {@link User#ALICE},
 * allowed only PREFIXED {@code alice-} topics and groups ({@link AliceAcls}, created through kafka-clients' Admin),
 * writes and reads there and gets TOPIC_AUTHORIZATION_FAILED or GROUP_AUTHORIZATION_FAILED elsewhere. Every test asserts the answers, as Kafka's
 * error names, against one expected list, whichever the broker: a broker that answers differently fails.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BrokerKind.class)
@ExtendWith(SecuredBrokersExtension.class)
class AlicePrefixedAclTest {
    private static final String OK = "OK";

    @Parameter
    BrokerKind kind;
    private SecuredBroker broker;
    private Map<String, String> admin;
    private String alicesTopic;
    private String othersTopic;

    @BeforeEach
    void topicsAndAcls(SecuredBrokers brokers) throws Exception {
        broker = brokers.get(kind);
        admin = broker.clientConfig(SecurityMode.SASL_SSL_SCRAM_SHA_512, User.ADMIN);
        AliceAcls.grant(admin);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        alicesTopic = AliceAcls.PREFIX + "acl-" + suffix;
        othersTopic = "bobs-acl-" + suffix;
        try (Admin a = Admin.create(Map.copyOf(admin))) {
            a.createTopics(List.of(new NewTopic(alicesTopic, 1, (short) 1), new NewTopic(othersTopic, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Kafka's name for the error an outcome ended with (Petrel's or kafka-clients'), or OK. */
    private static String answer(Outcome outcome) {
        if (outcome.error() == null) {
            return OK;
        }
        if (outcome.error() instanceof BrokerErrorException petrel) {
            return petrel.error().name();
        }
        return Errors.forException(outcome.error()).name();
    }

    @ParameterizedTest
    @EnumSource(ClientUnderTest.class)
    void producerWritesOnlyToAlicesTopicsWhicheverWayAliceAuthenticates(ClientUnderTest client) {
        for (SecurityMode mode : List.of(SecurityMode.SASL_SSL_SCRAM_SHA_512, SecurityMode.SSL_CLIENT_AUTH,
                SecurityMode.OAUTHBEARER_UNSECURED)) {
            Map<String, String> alice = broker.clientConfig(mode, User.ALICE);
            List<String> answers = List.of(
                    answer(client.produce(alice, alicesTopic)),
                    answer(client.produce(alice, othersTopic)));
            assertEquals(List.of(OK, "TOPIC_AUTHORIZATION_FAILED"), answers, broker.name() + ", " + client + " over " + mode);
        }
    }

    @ParameterizedTest
    @EnumSource(ClientUnderTest.class)
    void consumerReadsOnlyAlicesTopicsInAlicesGroups(ClientUnderTest client) {
        Map<String, String> alice = broker.clientConfig(SecurityMode.SASL_SSL_SCRAM_SHA_512, User.ALICE);
        KafkaClientCalls.produce(admin, othersTopic);
        List<String> answers = List.of(
                answer(client.produce(alice, alicesTopic)),
                answer(client.consume(alice, alicesTopic, AliceAcls.PREFIX + "group-" + alicesTopic)),
                answer(client.consume(alice, alicesTopic, "bobs-group-" + alicesTopic)),
                answer(client.consume(alice, othersTopic, AliceAcls.PREFIX + "group-" + othersTopic)));
        assertEquals(List.of(OK, OK, "GROUP_AUTHORIZATION_FAILED", "TOPIC_AUTHORIZATION_FAILED"), answers,
                broker.name() + ", " + client);
    }

    @Test
    void kafkaClientsAdminCreatesAndSeesOnlyAlicesTopics() throws Exception {
        Map<String, String> alice = broker.clientConfig(SecurityMode.SASL_SSL_SCRAM_SHA_512, User.ALICE);
        String newAlices = AliceAcls.PREFIX + "created-" + UUID.randomUUID().toString().substring(0, 8);
        String newOthers = "bobs-created-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin a = Admin.create(Map.copyOf(alice))) {
            List<String> answers = List.of(
                    answer(Outcome.of(() -> a.createTopics(List.of(new NewTopic(newAlices, 1, (short) 1)))
                            .all().get(30, TimeUnit.SECONDS))),
                    answer(Outcome.of(() -> a.createTopics(List.of(new NewTopic(newOthers, 1, (short) 1)))
                            .all().get(30, TimeUnit.SECONDS))));
            assertEquals(List.of(OK, "TOPIC_AUTHORIZATION_FAILED"), answers, broker.name());
            Set<String> visible = a.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(visible.containsAll(List.of(alicesTopic, newAlices)), () -> broker.name() + " lists " + visible);
            assertFalse(visible.contains(othersTopic), () -> broker.name() + " shows alice " + othersTopic);
            assertTrue(visible.stream().allMatch(t -> t.startsWith(AliceAcls.PREFIX)),
                    () -> broker.name() + " shows alice topics she may not describe: " + visible);
            assertEquals("CLUSTER_AUTHORIZATION_FAILED", answer(Outcome.of(() ->
                    a.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))), broker.name());
        }
        try (Admin a = Admin.create(Map.copyOf(admin))) {
            Set<AclBinding> alices = new HashSet<>(a.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
            assertTrue(alices.containsAll(AliceAcls.bindings()), () -> broker.name() + " describes " + alices);
        }
    }

    @Test
    void aclsCreatedAndDeletedThroughAdminGiveAndTakeRights() throws Exception {
        // A LITERAL ACL on this test's own topic: adding and deleting it disturbs no other test.
        Map<String, String> alice = broker.clientConfig(SecurityMode.SASL_SSL_SCRAM_SHA_512, User.ALICE);
        AclBinding exact = new AclBinding(new ResourcePattern(ResourceType.TOPIC, othersTopic, PatternType.LITERAL),
                new AccessControlEntry(User.ALICE.kafkaPrincipal(), "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        assertEquals("TOPIC_AUTHORIZATION_FAILED", answer(KafkaClientCalls.produce(alice, othersTopic)), broker.name());
        try (Admin a = Admin.create(Map.copyOf(admin))) {
            a.createAcls(List.of(exact)).all().get(30, TimeUnit.SECONDS);
            // An ACL reaches the authorizer once the broker applies the metadata record: soon, not at once.
            awaitAnswer(OK, () -> answer(KafkaClientCalls.produce(alice, othersTopic)), "alice's write after the ACL");
            assertEquals(1, a.deleteAcls(List.of(exact.toFilter())).all().get(30, TimeUnit.SECONDS).size());
            awaitAnswer("TOPIC_AUTHORIZATION_FAILED", () -> answer(KafkaClientCalls.produce(alice, othersTopic)),
                    "alice's write after the ACL was deleted");
        }
    }

    private void awaitAnswer(String expected, Supplier<String> call, String what) {
        String[] last = {null};
        Await.until(Duration.ofSeconds(15), () -> broker.name() + ": " + what + " to be " + expected + ", was " + last[0],
                () -> expected.equals(last[0] = call.get()));
    }
}
