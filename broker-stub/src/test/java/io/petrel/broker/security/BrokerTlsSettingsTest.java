package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TLS listener given its key material as Kafka's {@code ssl.*} settings (PEM file, inline PEM, PEM trust store),
 * {@code ssl.client.auth=requested}, and the mutual-TLS principal {@code User:CN=...} as the authorizer sees it.
 */
class BrokerTlsSettingsTest {
    @TempDir
    Path dir;

    private Broker start(Map<String, String> ssl, SslClientAuth clientAuth, String... superUsers) {
        BrokerConfig.Builder builder = BrokerConfig.builder().dataDir(dir.resolve("data"))
                .listener(Listener.of(SecurityProtocol.SSL).withClientAuth(clientAuth))
                .ssl(SslSettings.fromKafkaProperties(ssl));
        if (superUsers.length > 0) {
            builder.authorizer(superUsers);
        }
        return Broker.start(builder.build());
    }

    private static Map<String, Object> client(Broker broker, TestCertificates certs, String commonName) {
        Map<String, Object> client = new HashMap<>(broker.clientProperties("SSL"));
        client.putAll(certs.trustStore().kafkaProperties(StoreType.PKCS12));
        if (commonName != null) {
            client.putAll(certs.clientKeyStore(commonName).kafkaProperties(StoreType.PKCS12));
        }
        return client;
    }

    private static String clusterId(Map<String, Object> client) throws Exception {
        try (Admin admin = Admin.create(client)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void pemKeyStoresFileAndInlineServeTlsClients() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        Map<String, String> pemFile = new HashMap<>(certs.serverKeyStore().kafkaProperties(StoreType.PEM));
        pemFile.putAll(certs.trustStore().kafkaProperties(StoreType.PEM));
        Map<String, String> inline = new HashMap<>(certs.serverKeyStore().kafkaInlinePemProperties());
        inline.put("ssl.truststore.certificates", certs.authority().certificatePem());
        inline.put("ssl.truststore.type", "PEM");
        for (Map<String, String> ssl : List.of(pemFile, inline)) {
            try (Broker broker = start(ssl, SslClientAuth.REQUIRED)) {
                assertEquals(broker.clusterId(), clusterId(client(broker, certs, "alice")), "with " + ssl.keySet());
            }
        }
    }

    @Test
    void requestedClientAuthAcceptsClientsWithAndWithoutCertificates() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        Map<String, String> ssl = new HashMap<>(certs.serverKeyStore().kafkaProperties(StoreType.PKCS12));
        ssl.putAll(certs.trustStore().kafkaProperties(StoreType.JKS));
        try (Broker broker = start(ssl, SslClientAuth.REQUESTED)) {
            assertEquals(broker.clusterId(), clusterId(client(broker, certs, null)));
            assertEquals(broker.clusterId(), clusterId(client(broker, certs, "alice")));
        }
    }

    @Test
    void theClientCertificateSubjectIsThePrincipalAclsName() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        Map<String, String> ssl = new HashMap<>(certs.serverKeyStore().kafkaProperties(StoreType.PKCS12));
        ssl.putAll(certs.trustStore().kafkaProperties(StoreType.PKCS12));
        try (Broker broker = start(ssl, SslClientAuth.REQUIRED, "User:CN=admin");
             Admin admin = Admin.create(client(broker, certs, "admin"))) {
            admin.createTopics(List.of(new NewTopic("mtls-orders", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "mtls-orders", PatternType.LITERAL),
                    new AccessControlEntry("User:CN=alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);

            assertEquals(0, send(client(broker, certs, "alice")));
            ExecutionException refused = assertThrows(ExecutionException.class, () -> send(client(broker, certs, "bob")));
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
        }
    }

    @Test
    void aWrongKeyStorePasswordFailsTheStartNamingTheFileNotThePassword() {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        Map<String, String> ssl = new HashMap<>(certs.serverKeyStore().kafkaProperties(StoreType.PKCS12));
        ssl.put("ssl.keystore.password", "not-the-password");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start(ssl, SslClientAuth.NONE).close());
        assertTrue(e.getMessage().contains(certs.serverKeyStore().pkcs12().toString()), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }

    private static long send(Map<String, Object> client) throws Exception {
        client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>("mtls-orders", "k", "v")).get(30, TimeUnit.SECONDS).offset();
        }
    }
}
