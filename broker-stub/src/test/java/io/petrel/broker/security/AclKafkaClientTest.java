package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.PetrelBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ACLs as kafka-clients' Admin manages them and as producers and consumers meet them, on a secured broker-stub
 * (SASL_SSL, SCRAM-SHA-512, StandardAuthorizer rules, {@code User:admin} a super user).
 */
class AclKafkaClientTest {
    private static final ResourcePattern ALICE_TOPICS = new ResourcePattern(ResourceType.TOPIC, "alice-", PatternType.PREFIXED);
    private static final ResourcePattern ALICE_GROUPS = new ResourcePattern(ResourceType.GROUP, "alice-", PatternType.PREFIXED);

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .secured(SaslMechanism.SCRAM_SHA_512)
            .user("admin", "admin-secret")
            .user("alice", "alice-secret")
            .authorizer("User:admin"));

    @TempDir
    Path dataDir;

    private static Map<String, Object> as(Broker broker, String user) {
        return new HashMap<>(broker.clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512, user, user + "-secret"));
    }

    private static List<AclBinding> alicesAcls() {
        return List.of(
                new AclBinding(ALICE_TOPICS, new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
                new AclBinding(ALICE_TOPICS, new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW)),
                new AclBinding(ALICE_GROUPS, new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW)));
    }

    @Test
    void aUserAllowedOnlyHerPrefixWritesThereAndIsRefusedElsewhere() throws Exception {
        Broker broker = kafka.broker();
        try (Admin admin = Admin.create(as(broker, "admin"))) {
            admin.createAcls(alicesAcls()).all().get(30, TimeUnit.SECONDS);
            admin.createTopics(List.of(new NewTopic("alice-orders", 1, (short) 1), new NewTopic("bob-orders", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producerConfig = as(broker, "alice");
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer())) {
            assertEquals(0, producer.send(new ProducerRecord<>("alice-orders", "k", "v")).get(30, TimeUnit.SECONDS).offset());
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("bob-orders", "k", "v")).get(30, TimeUnit.SECONDS));
            TopicAuthorizationException e = assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
            assertEquals(Set.of("bob-orders"), e.unauthorizedTopics());
        }

        Map<String, Object> consumerConfig = as(broker, "alice");
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "alice-group");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("alice-orders"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            assertEquals(List.of("v"), values);
            consumer.commitSync(Duration.ofSeconds(30));
        }

        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "bobs-group");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("alice-orders"));
            assertThrows(GroupAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(30)));
        }
    }

    @Test
    void aclsAreDescribedDeletedAndKeptAcrossARestart() throws Exception {
        BrokerConfig config = kafka.broker().config().toBuilder().dataDir(dataDir).port(0).build();
        AclBindingFilter alicesFilter = new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:alice", null, AclOperation.ANY, AclPermissionType.ANY));
        try (Broker broker = Broker.start(config); Admin admin = Admin.create(as(broker, "admin"))) {
            admin.createAcls(alicesAcls()).all().get(30, TimeUnit.SECONDS);
        }
        try (Broker broker = Broker.start(config); Admin admin = Admin.create(as(broker, "admin"))) {
            Collection<AclBinding> kept = admin.describeAcls(alicesFilter).values().get(30, TimeUnit.SECONDS);
            assertEquals(new HashSet<>(alicesAcls()), new HashSet<>(kept), "the ACLs came back after the restart");

            AclBindingFilter writes = new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter(null, null, AclOperation.WRITE, AclPermissionType.ANY));
            Collection<AclBinding> deleted = admin.deleteAcls(List.of(writes)).all().get(30, TimeUnit.SECONDS);
            assertEquals(List.of(alicesAcls().get(0)), List.copyOf(deleted));
            assertEquals(2, admin.describeAcls(alicesFilter).values().get(30, TimeUnit.SECONDS).size());

            AclBindingFilter matching = new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC, "alice-x",
                    PatternType.MATCH), AccessControlEntryFilter.ANY);
            assertEquals(List.of(alicesAcls().get(1)), List.copyOf(admin.describeAcls(matching).values()
                    .get(30, TimeUnit.SECONDS)), "MATCH finds the prefixed ACL covering alice-x");
        }
    }

    @Test
    void transactionsNeedWriteOnTheTransactionalIdAndAdminSeesOnlyDescribableOnes() throws Exception {
        Broker broker = kafka.broker();
        ResourcePattern aliceTxns = new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "alice-", PatternType.PREFIXED);
        try (Admin admin = Admin.create(as(broker, "admin"))) {
            List<AclBinding> acls = new ArrayList<>(alicesAcls());
            acls.add(new AclBinding(aliceTxns, new AccessControlEntry("User:alice", "*", AclOperation.WRITE,
                    AclPermissionType.ALLOW)));
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            admin.createTopics(List.of(new NewTopic("alice-txn-out", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> allowed = as(broker, "alice");
        allowed.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alice-txn");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(allowed, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("alice-txn-out", "k", "v"));
            producer.commitTransaction();
        }
        Map<String, Object> refused = as(broker, "alice");
        refused.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bob-txn");
        refused.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(refused, new StringSerializer(),
                new StringSerializer())) {
            assertThrows(TransactionalIdAuthorizationException.class, producer::initTransactions);
        }
        try (Admin alice = Admin.create(as(broker, "alice")); Admin admin = Admin.create(as(broker, "admin"))) {
            assertEquals(TransactionState.COMPLETE_COMMIT, alice.describeTransactions(List.of("alice-txn"))
                    .description("alice-txn").get(30, TimeUnit.SECONDS).state(), "WRITE implies DESCRIBE");
            assertTrue(alice.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .allMatch(l -> l.transactionalId().startsWith("alice-")), "alice lists only her own ids");
            admin.createAcls(List.of(new AclBinding(aliceTxns, new AccessControlEntry("User:alice", "*",
                    AclOperation.DESCRIBE, AclPermissionType.DENY)))).all().get(30, TimeUnit.SECONDS);
            ExecutionException denied = assertThrows(ExecutionException.class, () -> alice.describeTransactions(
                    List.of("alice-txn")).description("alice-txn").get(30, TimeUnit.SECONDS));
            assertInstanceOf(TransactionalIdAuthorizationException.class, denied.getCause());
        }
    }

    @Test
    void onlyAUserWithClusterRightsManagesAcls() {
        try (Admin alice = Admin.create(as(kafka.broker(), "alice"))) {
            ExecutionException describe = assertThrows(ExecutionException.class,
                    () -> alice.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
            assertInstanceOf(ClusterAuthorizationException.class, describe.getCause());
            ExecutionException create = assertThrows(ExecutionException.class,
                    () -> alice.createAcls(alicesAcls()).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(ClusterAuthorizationException.class, create.getCause());
        }
    }

    @Test
    void withoutAnAuthorizerTheAclApisSaySecurityIsDisabled() {
        try (Broker broker = Broker.start(BrokerConfig.builder().build());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SecurityDisabledException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("No Authorizer is configured"), e.getCause().getMessage());
        }
    }
}
