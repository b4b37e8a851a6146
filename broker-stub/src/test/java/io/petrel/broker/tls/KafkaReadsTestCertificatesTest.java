package io.petrel.broker.tls;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * kafka-clients' own SSL engine factory, configured with the {@code ssl.*} properties our files offer, in every
 * store format Kafka accepts, completes a handshake (host name verified, as Kafka does by default) and sees the
 * mTLS client's subject.
 */
class KafkaReadsTestCertificatesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreType.class)
    void kafkaServerAndClientShakeHandsWithEachStoreType(StoreType type) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        DefaultSslEngineFactory server = factory(certs.serverKeyStore().kafkaProperties(type),
                certs.trustStore().kafkaProperties(type), "required");
        DefaultSslEngineFactory client = factory(certs.clientKeyStore("alice").kafkaProperties(type),
                certs.trustStore().kafkaProperties(type), null);

        SSLEngine serverEngine = server.createServerSslEngine("127.0.0.1", 9093);
        InMemoryHandshake.run(client.createClientSslEngine("localhost", 9093, "https"), serverEngine);

        assertEquals("CN=alice", serverEngine.getSession().getPeerPrincipal().getName());
    }

    @Test
    void inlinePemKeyStoreWorks() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        DefaultSslEngineFactory server = factory(certs.serverKeyStore().kafkaInlinePemProperties(),
                certs.trustStore().kafkaProperties(StoreType.PEM), "none");
        DefaultSslEngineFactory client = factory(Map.of(), certs.trustStore().kafkaProperties(StoreType.PKCS12), null);

        InMemoryHandshake.run(client.createClientSslEngine("127.0.0.1", 9093, "https"),
                server.createServerSslEngine("127.0.0.1", 9093));
    }

    @Test
    void kafkaClientRefusesAServerFromAnotherAuthority() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        TestCertificates stranger = TestCertificates.generate(dir.resolve("stranger"));
        DefaultSslEngineFactory server = factory(stranger.serverKeyStore().kafkaProperties(StoreType.PKCS12), Map.of(), "none");
        DefaultSslEngineFactory client = factory(Map.of(), certs.trustStore().kafkaProperties(StoreType.PKCS12), null);

        assertThrows(SSLHandshakeException.class, () -> InMemoryHandshake.run(
                client.createClientSslEngine("localhost", 9093, "https"), server.createServerSslEngine("localhost", 9093)));
    }

    private static DefaultSslEngineFactory factory(Map<String, String> keyStore, Map<String, String> trustStore,
                                                   String clientAuth) {
        Map<String, Object> raw = new HashMap<>(keyStore);
        raw.putAll(trustStore);
        ConfigDef definitions = new ConfigDef();
        SslConfigs.addClientSslSupport(definitions);
        Map<String, Object> parsed = new HashMap<>(definitions.parse(raw));
        if (clientAuth != null) {
            parsed.put(BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG, clientAuth);
        }
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        factory.configure(parsed);
        return factory;
    }
}
