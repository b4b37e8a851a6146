package io.petrel.interop.security;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.DuplicateResourceException;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Admin.alterUserScramCredentials / describeUserScramCredentials on both secured brokers, with the same assertions:
 * a user upserted at run time logs in over SASL_PLAINTEXT SCRAM-SHA-256 and produces, cannot log in once deleted,
 * and bad alterations get the same errors. Each run uses a fresh user name, so the shared brokers stay as they were.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BrokerKind.class)
@ExtendWith(SecuredBrokersExtension.class)
class ScramCredentialsOnSecuredBrokersTest {
    /** Bounds the wait for Kafka's broker to apply the controller's credential change to its metadata. */
    private static final long PROPAGATION_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Parameter
    BrokerKind kind;
    private SecuredBroker kafka;

    @BeforeEach
    void connect(SecuredBrokers brokers) {
        kafka = brokers.get(kind);
    }

    private Admin admin() {
        return Admin.create(new HashMap<>(kafka.clientConfig(SecurityMode.SASL_SSL_SCRAM_SHA_512, User.ADMIN)));
    }

    private static Throwable failure(KafkaFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS)).getCause();
    }

    private long send(String user, String password, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig(SecurityMode.SASL_PLAINTEXT_SCRAM_SHA_256, User.ADMIN));
        config.put("sasl.jaas.config", SecurityMode.SASL_PLAINTEXT_SCRAM_SHA_256.jaasConfig(user, password));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, 0, null, "v")).get(30, TimeUnit.SECONDS).offset();
        }
    }

    /** Describes {@code user} until it is {@code present} (or absent): Kafka's brokers apply the change asynchronously. */
    private void awaitDescribed(Admin admin, String user, boolean present) throws Exception {
        long deadline = System.nanoTime() + PROPAGATION_NANOS;
        while (System.nanoTime() < deadline) {
            try {
                admin.describeUserScramCredentials(List.of(user)).description(user).get(30, TimeUnit.SECONDS);
                if (present) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ResourceNotFoundException)) {
                    throw e;
                }
                if (!present) {
                    return;
                }
            }
        }
        fail(user + (present ? " never described" : " still described") + " on " + kafka.name());
    }

    @Test
    void anUpsertedUserProducesAndIsRefusedOnceDeleted() throws Exception {
        String user = "scram-" + UUID.randomUUID().toString().substring(0, 8);
        String password = user + "-password";
        String topic = user + "-topic";
        AclBinding write = new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(List.of(write)).all().get(30, TimeUnit.SECONDS);
            try {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), password)))
                        .all().get(30, TimeUnit.SECONDS);
                awaitDescribed(admin, user, true);
                List<ScramCredentialInfo> infos = admin.describeUserScramCredentials(List.of(user)).description(user)
                        .get(30, TimeUnit.SECONDS).credentialInfos();
                assertEquals(List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192)), infos,
                        kafka.name());

                assertEquals(0, send(user, password, topic), kafka.name());

                admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(user,
                        ScramMechanism.SCRAM_SHA_256))).all().get(30, TimeUnit.SECONDS);
                awaitDescribed(admin, user, false);
                Throwable refused = assertThrows(ExecutionException.class, () -> send(user, password, topic)).getCause();
                assertInstanceOf(SaslAuthenticationException.class, refused, kafka.name());
            } finally {
                admin.deleteAcls(List.of(write.toFilter())).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void badAlterationsGetTheSameErrors() throws Exception {
        String user = "scram-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin()) {
            Throwable tooMany = failure(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 16385), "pw"))).all());
            assertInstanceOf(UnacceptableCredentialException.class, tooMany, kafka.name());
            assertEquals("Too many iterations", tooMany.getMessage(), kafka.name());
            Throwable tooFew = failure(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4095), "pw"))).all());
            assertEquals("Too few iterations", tooFew.getMessage(), kafka.name());

            List<UserScramCredentialAlteration> twice = List.of(
                    new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "pw"),
                    new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "pw"));
            assertInstanceOf(DuplicateResourceException.class, failure(admin.alterUserScramCredentials(twice).all()),
                    kafka.name());
            Throwable deletedFirst = failure(admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "pw"),
                    new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512))).all());
            assertInstanceOf(ResourceNotFoundException.class, deletedFirst);
            assertEquals("Attempt to delete a user credential that does not exist", deletedFirst.getMessage());
            assertInstanceOf(ResourceNotFoundException.class, failure(admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_256))).all()), kafka.name());
            assertInstanceOf(ResourceNotFoundException.class,
                    failure(admin.describeUserScramCredentials(List.of(user)).description(user)), kafka.name());
        }
    }
}
