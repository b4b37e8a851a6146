package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A secured Kafka server.properties, as a real Kafka broker would be given it, configures broker-stub. */
class KafkaSecurityPropertiesTest {
    @TempDir
    Path dir;

    private Map<String, String> kafkaServerProperties(TestCertificates certs) {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listeners", "SASL_SSL://127.0.0.1:0,SSL://:0,CONTROLLER://127.0.0.1:0,EXTERNAL://127.0.0.1:0");
        p.put("advertised.listeners", "SASL_SSL://localhost:0,EXTERNAL://kafka.example.test:19092");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL,EXTERNAL:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=\"alice-secret\";");
        p.put("listener.name.ssl.ssl.client.auth", "required");
        p.put("listener.name.external.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.putAll(certs.serverKeyStore().kafkaProperties(StoreType.JKS));
        p.putAll(certs.trustStore().kafkaProperties(StoreType.PEM));
        p.put("connections.max.reauth.ms", "3600000");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:admin;User:ANONYMOUS");
        p.put("ssl.endpoint.identification.algorithm", "https");
        return p;
    }

    @Test
    void aRealKafkaServerPropertiesConfiguresListenersTlsSaslAndTheAuthorizer() {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        BrokerConfig.Builder builder = BrokerConfig.builder();
        Set<String> used = KafkaSecurityProperties.apply(builder, kafkaServerProperties(certs), Clock.systemUTC());
        BrokerConfig config = builder.build();

        assertEquals(3, config.listeners().size(), "the controller listener is skipped");
        Listener saslSsl = config.listeners().get(0);
        assertEquals("SASL_SSL", saslSsl.name());
        assertEquals(SecurityProtocol.SASL_SSL, saslSsl.protocol());
        assertEquals("127.0.0.1", saslSsl.host());
        assertEquals("localhost", saslSsl.advertisedHost());
        Listener ssl = config.listeners().get(1);
        assertNull(ssl.host(), "an empty host binds the broker's host");
        assertEquals(SslClientAuth.REQUIRED, ssl.ssl().clientAuth());
        Listener external = config.listeners().get(2);
        assertEquals(SecurityProtocol.SASL_PLAINTEXT, external.protocol());
        assertEquals("kafka.example.test", external.advertisedHost());
        assertEquals(19092, external.advertisedPort());
        assertEquals(Set.of(SaslMechanism.SCRAM_SHA_512), external.saslMechanisms());

        SecurityConfig security = config.security();
        assertEquals(Set.of(SaslMechanism.PLAIN, SaslMechanism.SCRAM_SHA_512), security.saslMechanisms());
        assertEquals(Set.of("admin", "alice"), security.users().keySet());
        assertTrue(security.users().get("alice").passwordMatches("alice-secret"));
        assertEquals("JKS", security.ssl().keystoreType());
        assertEquals("PEM", security.ssl().truststoreType());
        assertEquals(Duration.ofHours(1), security.reauthentication());
        assertTrue(security.authorizer().enabled());
        assertEquals(Set.of("User:admin", "User:ANONYMOUS"), security.authorizer().superUsers());

        assertTrue(used.containsAll(Set.of("listeners", "listener.name.sasl_ssl.plain.sasl.jaas.config",
                "listener.name.ssl.ssl.client.auth", "ssl.keystore.password", "super.users")));
        assertFalse(used.contains("process.roles"), "not a security key");
        assertFalse(used.contains("ssl.endpoint.identification.algorithm"), "no meaning on the broker side here");
        assertFalse(security.toString().contains("alice-secret"));
        assertFalse(security.toString().contains(certs.password()));
    }

    @Test
    void aBrokerStartedFromThemServesKafkaClientsOnEachListener() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        Map<String, String> properties = kafkaServerProperties(certs);
        properties.remove("authorizer.class.name");
        properties.put("advertised.listeners", "EXTERNAL://127.0.0.1:0");
        BrokerConfig.Builder builder = BrokerConfig.builder().dataDir(dir.resolve("data"));
        KafkaSecurityProperties.apply(builder, properties, Clock.systemUTC());
        try (Broker broker = Broker.start(builder.build())) {
            Map<String, String> saslSsl = new HashMap<>(broker.clientProperties("SASL_SSL", SaslMechanism.PLAIN, "alice",
                    "alice-secret"));
            saslSsl.putAll(certs.trustStore().kafkaProperties(StoreType.PKCS12));
            Map<String, String> mtls = new HashMap<>(broker.clientProperties("SSL"));
            mtls.putAll(certs.trustStore().kafkaProperties(StoreType.PKCS12));
            mtls.putAll(certs.clientKeyStore("alice").kafkaProperties(StoreType.PEM));
            Map<String, String> scram = broker.clientProperties("EXTERNAL", SaslMechanism.SCRAM_SHA_512, "alice",
                    "alice-secret");
            for (Map<String, String> client : java.util.List.of(saslSsl, mtls, scram)) {
                try (Admin admin = Admin.create(new HashMap<>(client))) {
                    assertEquals(broker.clusterId(), admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS),
                            "over " + client.get("security.protocol"));
                }
            }
        }
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        Map<String, String> unknownProtocol = Map.of("listeners", "FOO://:9092");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaSecurityProperties.apply(BrokerConfig.builder(), unknownProtocol, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("FOO"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> KafkaSecurityProperties.apply(BrokerConfig.builder(),
                Map.of("sasl.enabled.mechanisms", "GSSAPI"), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("GSSAPI"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> KafkaSecurityProperties.apply(BrokerConfig.builder(),
                Map.of("authorizer.class.name", "com.example.MyAuthorizer"), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("com.example.MyAuthorizer"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> KafkaSecurityProperties.apply(BrokerConfig.builder(),
                Map.of("listeners", "PLAINTEXT://localhost"), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("PLAINTEXT://localhost"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> KafkaSecurityProperties.apply(BrokerConfig.builder(),
                Map.of("listener.name.x.plain.sasl.jaas.config", "org.Foo required user_a=\"b\""), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("';'"), e.getMessage());
    }
}
