package io.petrel.client.internal.network;

import io.petrel.broker.tls.KeyStoreFiles;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TestCertificates;
import io.petrel.client.ConfigException;
import io.petrel.client.SaslAuthenticationException;
import io.petrel.client.SslAuthenticationException;
import io.petrel.client.Time;
import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.petrel.client.internal.network.NetworkTestConfigs.metadataFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS and SASL end to end over real sockets: Petrel's network against a fake broker whose TLS is the JDK's
 * server socket (certificates from broker-stub's test authority) and whose SASL is Kafka's own SaslServer
 * implementations. Every failure must arrive as the right exception, naming what went wrong, within
 * seconds (far inside the 30 s request timeout), and must not be retried.
 */
class SecureConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A failure must come this fast; request.timeout.ms is 30 s. */
    private static final long FAST_MS = 5_000;

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.generate(dir.resolve("ca"));
    }

    // ---- TLS ----

    @ParameterizedTest
    @EnumSource(StoreType.class)
    void tlsConnectsWithEachTrustStoreType(StoreType type) throws Exception {
        try (FakeKafkaServer server = plainResponder(tlsSocket(certs.serverKeyStore(), false))) {
            Map<String, Object> settings = new HashMap<>(certs.trustStore().kafkaProperties(type));
            settings.put("security.protocol", "SSL");
            Response response = metadata(server, settings).get(10, TimeUnit.SECONDS);
            assertEquals("fake-cluster", response.body().get(MetadataResponse.CLUSTER_ID));
        }
    }

    @Test
    void tlsConnectsWithInlinePemTrustedCertificates() throws Exception {
        try (FakeKafkaServer server = plainResponder(tlsSocket(certs.serverKeyStore(), false))) {
            Map<String, Object> settings = Map.of("security.protocol", "SSL",
                    "ssl.truststore.type", "PEM", "ssl.truststore.certificates", certs.authority().certificatePem());
            assertEquals("fake-cluster", metadata(server, settings).get(10, TimeUnit.SECONDS).body()
                    .get(MetadataResponse.CLUSTER_ID));
        }
    }

    @Test
    void anUntrustedCertificateFailsFastNamingTheBrokerAndTheReason() throws Exception {
        TestCertificates other = TestCertificates.generate(dir.resolve("other-ca"));
        try (FakeKafkaServer server = plainResponder(tlsSocket(certs.serverKeyStore(), false))) {
            Map<String, Object> settings = new HashMap<>(other.trustStore().kafkaProperties(StoreType.PKCS12));
            settings.put("security.protocol", "SSL");
            SslAuthenticationException e = fastFailure(SslAuthenticationException.class, metadata(server, settings));
            assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
            assertTrue(e.getMessage().contains("PKIX") && e.getMessage().contains("not signed by an authority"),
                    e.getMessage());
            assertEquals(1, server.connections(), "an SSL failure is final: no second connection");
        }
    }

    @Test
    void aCertificateForAnotherHostFailsUnlessHostNameCheckingIsOff() throws Exception {
        KeyStoreFiles elsewhere = certs.authority().issueServer("kafka.example", List.of("kafka.example"))
                .writeKeyStore(dir.resolve("elsewhere"), "server", certs.password());
        try (FakeKafkaServer server = plainResponder(tlsSocket(elsewhere, false))) {
            Map<String, Object> settings = new HashMap<>(certs.trustStore().kafkaProperties(StoreType.JKS));
            settings.put("security.protocol", "SSL");
            SslAuthenticationException e = fastFailure(SslAuthenticationException.class, metadata(server, settings));
            assertTrue(e.getMessage().contains("does not name the host"), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());

            settings.put("ssl.endpoint.identification.algorithm", "");
            metadata(server, settings).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void mutualTlsWithoutAClientCertificateFailsFast() throws Exception {
        try (FakeKafkaServer server = plainResponder(tlsSocket(certs.serverKeyStore(), true))) {
            Map<String, Object> settings = new HashMap<>(certs.trustStore().kafkaProperties(StoreType.PKCS12));
            settings.put("security.protocol", "SSL");
            SslAuthenticationException e = fastFailure(SslAuthenticationException.class, metadata(server, settings));
            assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS", "PEM", "INLINE_PEM"})
    void mutualTlsWithEachKeyStoreForm(String form) throws Exception {
        KeyStoreFiles alice = certs.clientKeyStore("alice");
        try (FakeKafkaServer server = plainResponder(tlsSocket(certs.serverKeyStore(), true))) {
            Map<String, Object> settings = new HashMap<>(certs.trustStore().kafkaProperties(StoreType.PKCS12));
            settings.put("security.protocol", "SSL");
            settings.putAll(form.equals("INLINE_PEM") ? alice.kafkaInlinePemProperties()
                    : alice.kafkaProperties(StoreType.valueOf(form)));
            assertEquals("fake-cluster", metadata(server, settings).get(10, TimeUnit.SECONDS).body()
                    .get(MetadataResponse.CLUSTER_ID));
        }
    }

    @Test
    void aPlaintextClientOnATlsListenerIsToldSoInSeconds() throws Exception {
        try (FakeKafkaServer server = plainResponder(tlsSocket(certs.serverKeyStore(), false))) {
            SslAuthenticationException e = fastFailure(SslAuthenticationException.class, metadata(server, Map.of()));
            assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
            assertTrue(e.getMessage().contains("answered with TLS") && e.getMessage().contains("security.protocol=SSL"),
                    e.getMessage());
        }
    }

    @Test
    void aTlsClientOnAPlaintextListenerFailsInSeconds() throws Exception {
        try (FakeKafkaServer server = plainResponder(plainSocket())) {
            Map<String, Object> settings = new HashMap<>(certs.trustStore().kafkaProperties(StoreType.PKCS12));
            settings.put("security.protocol", "SSL");
            SslAuthenticationException e = fastFailure(SslAuthenticationException.class, metadata(server, settings));
            assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
            assertTrue(e.getMessage().contains("plaintext listener"), e.getMessage());
        }
    }

    @Test
    void aKeyStoreWithAWrongPasswordIsAConfigErrorAtStart() {
        Map<String, Object> settings = new HashMap<>(certs.clientKeyStore("alice").kafkaProperties(StoreType.PKCS12));
        settings.put("security.protocol", "SSL");
        settings.put("ssl.keystore.password", "not-the-password");
        ConfigException e = assertThrows(ConfigException.class,
                () -> NettyClientNetwork.create(config("127.0.0.1:9", settings), Time.SYSTEM));
        assertTrue(e.getMessage().contains("client-alice.keystore.p12"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }

    // ---- SASL ----

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"})
    void saslAuthenticatesWithEachMechanism(String mechanism) throws Exception {
        AtomicInteger handshakes = new AtomicInteger();
        try (FakeKafkaServer server = saslBroker(plainSocket(), 0, handshakes)) {
            Response response = metadata(server, sasl("SASL_PLAINTEXT", mechanism, "alice", "alice-secret"))
                    .get(10, TimeUnit.SECONDS);
            assertEquals("fake-cluster", response.body().get(MetadataResponse.CLUSTER_ID));
            assertEquals(1, handshakes.get());
            assertEquals(List.of("ApiVersions v4", "SaslHandshake v1", "SaslAuthenticate v2"),
                    server.receivedVersions().subList(0, 3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void aWrongPasswordFailsFastNamingMechanismAndBroker(String mechanism) throws Exception {
        try (FakeKafkaServer server = saslBroker(plainSocket(), 0, new AtomicInteger());
             FakeKafkaServer second = saslBroker(plainSocket(), 0, new AtomicInteger())) {
            Map<String, Object> settings = sasl("SASL_PLAINTEXT", mechanism, "alice", "wrong-password");
            try (NettyClientNetwork network = NettyClientNetwork.create(
                    config(server.bootstrap() + "," + second.bootstrap(), settings), Time.SYSTEM)) {
                SaslAuthenticationException e = fastFailure(SaslAuthenticationException.class,
                        network.sendToAny(ApiKey.METADATA, metadataFor(), WAIT));
                assertTrue(e.getMessage().contains(mechanism), e.getMessage());
                assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
                assertTrue(e.getMessage().toLowerCase().contains("invalid"), e.getMessage());
                assertFalse(e.getMessage().contains("wrong-password"), e.getMessage());
                assertEquals(0, second.connections(), "an authentication failure is not retried on another broker");
            }
        }
    }

    @Test
    void anUnknownUserFailsLikeAWrongPassword() throws Exception {
        try (FakeKafkaServer server = saslBroker(plainSocket(), 0, new AtomicInteger())) {
            SaslAuthenticationException e = fastFailure(SaslAuthenticationException.class,
                    metadata(server, sasl("SASL_PLAINTEXT", "SCRAM-SHA-256", "mallory", "alice-secret")));
            assertTrue(e.getMessage().contains("SCRAM-SHA-256"), e.getMessage());
        }
    }

    @Test
    void saslInsideTls() throws Exception {
        try (FakeKafkaServer server = saslBroker(tlsSocket(certs.serverKeyStore(), false), 0, new AtomicInteger())) {
            Map<String, Object> settings = sasl("SASL_SSL", "SCRAM-SHA-512", "alice", "alice-secret");
            settings.putAll(certs.trustStore().kafkaProperties(StoreType.PEM));
            assertEquals("fake-cluster", metadata(server, settings).get(10, TimeUnit.SECONDS).body()
                    .get(MetadataResponse.CLUSTER_ID));
        }
    }

    @Test
    void aSessionWithALifetimeIsReauthenticatedOnTheSameConnectionBeforeItExpires() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        AtomicInteger handshakes = new AtomicInteger();
        try (FakeKafkaServer server = saslBroker(plainSocket(), 10_000, handshakes);
             NettyClientNetwork network = NettyClientNetwork.create(config(server.bootstrap(),
                     sasl("SASL_PLAINTEXT", "SCRAM-SHA-256", "alice", "alice-secret")), time)) {
            network.send(-1, ApiKey.METADATA, metadataFor(), WAIT).get(10, TimeUnit.SECONDS);
            assertEquals(1, handshakes.get());

            clock.advance(Duration.ofMillis(8_000)); // under 85% of 10 s: no re-authentication yet
            network.send(-1, ApiKey.METADATA, metadataFor(), WAIT).get(10, TimeUnit.SECONDS);
            assertEquals(1, handshakes.get());

            clock.advance(Duration.ofMillis(1_600)); // past 95%
            network.send(-1, ApiKey.METADATA, metadataFor(), WAIT).get(10, TimeUnit.SECONDS);
            assertEquals(2, handshakes.get());
            assertEquals(1, server.connections(), "re-authenticated on the same connection");
            assertEquals(List.of("SaslHandshake v1", "SaslAuthenticate v2", "SaslAuthenticate v2", "Metadata v13"),
                    server.receivedVersions().subList(server.receivedVersions().size() - 4,
                            server.receivedVersions().size()));
        }
    }

    @Test
    void kafkasDefaultMechanismGssapiIsRefusedAtStart() {
        Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SASL_SSL"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> NettyClientNetwork.create(config("127.0.0.1:9", settings), Time.SYSTEM));
        assertTrue(e.getMessage().contains("GSSAPI") && e.getMessage().contains("PLAIN"), e.getMessage());
    }

    // ---- helpers ----

    private static Map<String, Object> sasl(String protocol, String mechanism, String user, String password) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("security.protocol", protocol);
        settings.put("sasl.mechanism", mechanism);
        settings.put("sasl.jaas.config", switch (mechanism) {
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
            case "OAUTHBEARER" -> "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                    + "unsecuredLoginStringClaim_sub=\"" + user + "\";";
            default -> "org.apache.kafka.common.security.scram.ScramLoginModule required username='" + user
                    + "' password='" + password + "';";
        });
        return settings;
    }

    private static ClientNetworkConfig config(String bootstrap, Map<String, Object> settings) {
        Object[] pairs = new Object[settings.size() * 2];
        int i = 0;
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return NetworkTestConfigs.config(bootstrap, pairs);
    }

    /** Sends Metadata through a network of its own, closed once the answer (or failure) is in. */
    private static CompletableFuture<Response> metadata(FakeKafkaServer server, Map<String, Object> settings) {
        NettyClientNetwork network = NettyClientNetwork.create(config(server.bootstrap(), settings), Time.SYSTEM);
        return network.sendToAny(ApiKey.METADATA, metadataFor(), WAIT).whenComplete((r, e) -> network.close());
    }

    private static <T extends Throwable> T fastFailure(Class<T> type, CompletableFuture<?> future) {
        long start = System.nanoTime();
        Throwable cause = assertThrows(ExecutionException.class, () -> future.get(FAST_MS, TimeUnit.MILLISECONDS))
                .getCause();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < FAST_MS, "failed after " + ms + " ms");
        return assertInstanceOf(type, cause);
    }

    private static FakeKafkaServer plainResponder(ServerSocket socket) {
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(socket, () -> request -> switch (request.api().orElseThrow()) {
            case API_VERSIONS -> List.of(FakeKafkaServer.answerApiVersions(request, SaslFakeBroker.ALL_APIS));
            case METADATA -> List.of(self[0].answerMetadata(request, 1));
            default -> null;
        });
        return self[0];
    }

    private static FakeKafkaServer saslBroker(ServerSocket socket, long sessionLifetimeMs, AtomicInteger handshakes) {
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        Supplier<FakeKafkaServer.Responder> perConnection = () -> new SaslFakeBroker("alice", "alice-secret",
                sessionLifetimeMs, handshakes, self);
        self[0] = new FakeKafkaServer(socket, perConnection);
        return self[0];
    }

    private static ServerSocket plainSocket() throws Exception {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private static ServerSocket tlsSocket(KeyStoreFiles identity, boolean requireClientCertificate) throws Exception {
        KeyStore keys = load(identity.pkcs12(), certs.password());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, certs.password().toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(certs.trustStore().pkcs12(), certs.password()));
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        socket.setNeedClientAuth(requireClientCertificate);
        return socket;
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
