package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.DuplicateResourceException;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.petrel.broker.security.SecurityProtocol.PLAINTEXT;
import static io.petrel.broker.security.SecurityProtocol.SASL_PLAINTEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kafka-clients' Admin manages broker-stub's SCRAM users (DescribeUserScramCredentials, AlterUserScramCredentials):
 * a user upserted at run time logs in at once, is kept across a restart, and cannot log in once deleted; Kafka's
 * errors for bad alterations; ALTER/DESCRIBE on the cluster when ACLs are on.
 */
class ScramCredentialsAdminTest {
    private static final String PASSWORD = "dave-password";

    @TempDir
    Path dataDir;

    private BrokerConfig config() {
        return BrokerConfig.builder().dataDir(dataDir)
                .listener(Listener.of(PLAINTEXT))
                .listener(Listener.of(SASL_PLAINTEXT))
                .saslMechanisms(SaslMechanism.SCRAM_SHA_256, SaslMechanism.SCRAM_SHA_512)
                .user("alice", "alice-secret")
                .build();
    }

    private static Admin admin(Broker broker) {
        return Admin.create(new HashMap<>(broker.clientProperties("PLAINTEXT")));
    }

    private static Throwable failure(KafkaFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS)).getCause();
    }

    /** Logs in as dave over SASL_PLAINTEXT with SCRAM-SHA-256 and sends one record; returns its offset. */
    private static long sendAsDave(Broker broker, String value) throws Exception {
        Map<String, Object> props = new HashMap<>(broker.clientProperties("SASL_PLAINTEXT", SaslMechanism.SCRAM_SHA_256,
                "dave", PASSWORD));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            return producer.send(new ProducerRecord<>("dave-topic", 0, null, value)).get(30, TimeUnit.SECONDS).offset();
        }
    }

    private static Map<String, Integer> iterations(UserScramCredentialsDescription description) {
        Map<String, Integer> byMechanism = new HashMap<>();
        for (ScramCredentialInfo info : description.credentialInfos()) {
            byMechanism.put(info.mechanism().mechanismName(), info.iterations());
        }
        return byMechanism;
    }

    @Test
    void anUpsertedUserLogsInAtOnceIsKeptAcrossARestartAndIsRefusedOnceDeleted() throws Exception {
        try (Broker broker = Broker.start(config()); Admin admin = admin(broker)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("dave",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), PASSWORD)))
                    .all().get(30, TimeUnit.SECONDS);

            UserScramCredentialsDescription dave = admin.describeUserScramCredentials(List.of("dave"))
                    .description("dave").get(30, TimeUnit.SECONDS);
            assertEquals(Map.of("SCRAM-SHA-256", 8192), iterations(dave));
            Map<String, UserScramCredentialsDescription> all = admin.describeUserScramCredentials().all()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(Map.of("SCRAM-SHA-256", 4096, "SCRAM-SHA-512", 4096), iterations(all.get("alice")));
            assertEquals(Map.of("SCRAM-SHA-256", 8192), iterations(all.get("dave")));

            assertEquals(0, sendAsDave(broker, "first"));
        }
        String stored = Files.readString(dataDir.resolve("scram-credentials"), StandardCharsets.UTF_8);
        assertFalse(stored.contains(PASSWORD), "the data directory keeps salted keys only");

        try (Broker broker = Broker.start(config()); Admin admin = admin(broker)) {
            assertEquals(Map.of("SCRAM-SHA-256", 8192), iterations(admin.describeUserScramCredentials(List.of("dave"))
                    .description("dave").get(30, TimeUnit.SECONDS)));
            assertEquals(1, sendAsDave(broker, "after restart"));

            admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("dave", ScramMechanism.SCRAM_SHA_256)))
                    .all().get(30, TimeUnit.SECONDS);
            Throwable refused = assertThrows(ExecutionException.class, () -> sendAsDave(broker, "deleted")).getCause();
            assertInstanceOf(SaslAuthenticationException.class, refused);
            assertInstanceOf(ResourceNotFoundException.class,
                    failure(admin.describeUserScramCredentials(List.of("dave")).description("dave")));
        }
        try (Broker broker = Broker.start(config()); Admin admin = admin(broker)) {
            assertFalse(admin.describeUserScramCredentials().users().get(30, TimeUnit.SECONDS).contains("dave"),
                    "the deletion is kept across a restart too");
        }
    }

    @Test
    void badAlterationsGetKafkasErrorsAndChangeNothing() throws Exception {
        try (Broker broker = Broker.start(config()); Admin admin = admin(broker)) {
            Throwable tooMany = failure(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("erin",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 16385), "pw"))).all());
            assertInstanceOf(UnacceptableCredentialException.class, tooMany);
            assertEquals("Too many iterations", tooMany.getMessage());

            List<UserScramCredentialAlteration> twice = List.of(
                    new UserScramCredentialUpsertion("erin", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "pw"),
                    new UserScramCredentialUpsertion("erin", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "pw"));
            assertInstanceOf(DuplicateResourceException.class, failure(admin.alterUserScramCredentials(twice).all()));
            Throwable deletedFirst = failure(admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("erin", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "pw"),
                    new UserScramCredentialDeletion("erin", ScramMechanism.SCRAM_SHA_512))).all());
            assertInstanceOf(ResourceNotFoundException.class, deletedFirst);
            assertEquals("Attempt to delete a user credential that does not exist", deletedFirst.getMessage());

            assertInstanceOf(ResourceNotFoundException.class, failure(admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialDeletion("alice-typo", ScramMechanism.SCRAM_SHA_256))).all()));
            assertInstanceOf(ResourceNotFoundException.class,
                    failure(admin.describeUserScramCredentials(List.of("erin")).description("erin")));
            assertEquals(List.of("alice"), admin.describeUserScramCredentials().users().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void withAclsOnAlteringAndDescribingNeedTheirClusterRights() throws Exception {
        BrokerConfig secured = BrokerConfig.builder().dataDir(dataDir)
                .secured(SaslMechanism.SCRAM_SHA_512)
                .user("admin", "admin-secret")
                .user("carol", "carol-secret")
                .authorizer("User:admin")
                .build();
        try (Broker broker = Broker.start(secured);
             Admin carol = Admin.create(new HashMap<>(broker.clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512,
                     "carol", "carol-secret")));
             Admin admin = Admin.create(new HashMap<>(broker.clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512,
                     "admin", "admin-secret")))) {
            UserScramCredentialUpsertion frank = new UserScramCredentialUpsertion("frank",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "frank-secret");
            assertInstanceOf(ClusterAuthorizationException.class,
                    failure(carol.alterUserScramCredentials(List.of(frank)).all()));
            assertInstanceOf(ClusterAuthorizationException.class, failure(carol.describeUserScramCredentials().all()));

            admin.alterUserScramCredentials(List.of(frank)).all().get(30, TimeUnit.SECONDS);
            assertTrue(admin.describeUserScramCredentials().users().get(30, TimeUnit.SECONDS).contains("frank"));
        }
    }
}
