package io.petrel.broker.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The certificates parse with the JDK's own X.509 parser, chain to the authority, and carry what TLS checks. */
class TestCertificateAuthorityTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void authorityIsASelfSignedV3CaCertificate(KeyAlgorithm algorithm) throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.builder().keyAlgorithm(algorithm).build();
        X509Certificate cert = reparse(ca.certificate());

        assertEquals(3, cert.getVersion());
        assertEquals("CN=Petrel Test CA", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey());
        assertEquals(Integer.MAX_VALUE, cert.getBasicConstraints(), "cA without a path length limit");
        assertTrue(cert.getKeyUsage()[5], "keyCertSign");
        assertTrue(cert.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
        assertEquals(algorithm == KeyAlgorithm.EC_P256 ? "SHA256withECDSA" : "SHA256withRSA", cert.getSigAlgName());
        cert.checkValidity();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void localhostServerCertificateNamesLocalhostAndLoopbackAndChainsToTheAuthority(KeyAlgorithm algorithm) throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.builder().keyAlgorithm(algorithm).build();
        IssuedCertificate server = ca.issueLocalhostServer();
        X509Certificate cert = reparse(server.certificate());

        assertEquals("CN=localhost", server.subjectName());
        assertEquals(ca.certificate().getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(ca.certificate().getPublicKey());
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        assertEquals(List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1")), sans(cert));
        assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH), cert.getExtendedKeyUsage());
        assertTrue(cert.getKeyUsage()[0], "digitalSignature");
        assertEquals(List.of(server.certificate(), ca.certificate()), server.chain());
        validatePath(server.chain(), ca);
    }

    @Test
    void serverCertificateTakesIpv6AndDnsNames() throws Exception {
        IssuedCertificate server = TestCertificateAuthority.create()
                .issueServer("kafka-1", List.of("kafka-1.example.test", "::1", "10.0.0.7"));
        assertEquals(List.of(List.of(2, "kafka-1.example.test"), List.of(7, "0:0:0:0:0:0:0:1"), List.of(7, "10.0.0.7")),
                sans(server.certificate()));
    }

    @Test
    void clientCertificateIsForClientAuthenticationWithTheGivenCommonName() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        IssuedCertificate alice = ca.issueClient("alice");

        assertEquals("CN=alice", alice.subjectName());
        assertEquals(List.of(CLIENT_AUTH), alice.certificate().getExtendedKeyUsage());
        assertEquals(null, alice.certificate().getSubjectAlternativeNames());
        validatePath(alice.chain(), ca);
    }

    @Test
    void aCertificateFromAnotherAuthorityDoesNotValidate() {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        IssuedCertificate stranger = TestCertificateAuthority.create().issueLocalhostServer();
        assertThrows(CertPathValidatorException.class, () -> validatePath(stranger.chain().subList(0, 1), ca));
    }

    @Test
    void requestedValidityIsKeptSoAnExpiredCertificateCanBeMade() {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant to = Instant.parse("2020-02-01T00:00:00Z");
        IssuedCertificate expired = TestCertificateAuthority.create()
                .issue(CertificateRequest.server("localhost", List.of("localhost")).withValidity(from, to));

        assertEquals(from, expired.certificate().getNotBefore().toInstant());
        assertEquals(to, expired.certificate().getNotAfter().toInstant());
        assertThrows(CertificateExpiredException.class, () -> expired.certificate().checkValidity());
    }

    @Test
    void validityFarInTheFutureUsesGeneralizedTime() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant to = Instant.parse("2070-06-30T12:00:00Z");
        IssuedCertificate longLived = TestCertificateAuthority.create()
                .issue(CertificateRequest.client("bob").withValidity(from, to));
        assertEquals(to, longLived.certificate().getNotAfter().toInstant());
        assertEquals(from, longLived.certificate().getNotBefore().toInstant());
    }

    @Test
    void fullDistinguishedNamesSurviveEncoding() {
        IssuedCertificate cert = TestCertificateAuthority.create()
                .issue(CertificateRequest.client("x").withSubject("CN=alice,OU=payments,O=Example Ltd,C=GB"));
        assertEquals("CN=alice,OU=payments,O=Example Ltd,C=GB", cert.subjectName());
    }

    @Test
    void badRequestsAreRefusedNamingTheValue() {
        IllegalArgumentException dn = assertThrows(IllegalArgumentException.class,
                () -> CertificateRequest.client("x").withSubject("not a name"));
        assertTrue(dn.getMessage().contains("not a name"), dn.getMessage());
        IllegalArgumentException ip = assertThrows(IllegalArgumentException.class,
                () -> TestCertificateAuthority.create().issueServer("s", List.of("300.1.2.3")));
        assertTrue(ip.getMessage().contains("300.1.2.3"), ip.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = StoreType.class, names = {"PKCS12", "JKS"})
    void writtenStoresLoadAndTheTrustStoreTrustsTheIssuedChains(StoreType type) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        KeyStore trust = load(certs.trustStore().path(type), type, certs.password());
        X509TrustManager trustManager = trustManager(trust);

        KeyStore server = load(certs.serverKeyStore().path(type), type, certs.password());
        X509Certificate[] serverChain = chain(server, "server");
        trustManager.checkServerTrusted(serverChain, "ECDHE_ECDSA");
        assertEquals(2, serverChain.length);

        KeyStore client = load(certs.clientKeyStore("alice").path(type), type, certs.password());
        trustManager.checkClientTrusted(chain(client, "client-alice"), "ECDHE_ECDSA");

        TestCertificates other = TestCertificates.generate(dir.resolve("other"));
        X509TrustManager otherTrust = trustManager(load(other.trustStore().path(type), type, other.password()));
        assertThrows(CertificateException.class, () -> otherTrust.checkServerTrusted(serverChain, "ECDHE_ECDSA"));
    }

    @Test
    void pemFilesHoldTheChainAndBothKeyForms() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        KeyStoreFiles server = certs.serverKeyStore();

        Collection<? extends java.security.cert.Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(server.certificateChain())));
        assertEquals(2, chain.size());
        assertTrue(Files.readString(server.privateKey()).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(server.encryptedPrivateKey()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        String combined = Files.readString(server.pem());
        assertTrue(combined.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertEquals(2, combined.split("-----BEGIN CERTIFICATE-----", -1).length - 1);
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certs.trustStore().pem())));
        assertEquals(certs.authority().certificate(), ca);
    }

    @Test
    void handshakeVerifiesTheServerNameAgainstTheSubjectAlternativeNames() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        SSLContext server = context(certs.serverKeyStore().pkcs12(), certs);
        SSLContext client = context(null, certs);

        InMemoryHandshake.run(clientEngine(client, "localhost"), serverEngine(server, false));
        InMemoryHandshake.run(clientEngine(client, "127.0.0.1"), serverEngine(server, false));
        SSLHandshakeException wrongName = assertThrows(SSLHandshakeException.class,
                () -> InMemoryHandshake.run(clientEngine(client, "kafka.example.test"), serverEngine(server, false)));
        assertTrue(wrongName.getMessage().contains("kafka.example.test"), wrongName.getMessage());
    }

    @Test
    void mutualTlsShowsTheClientSubjectToTheServer() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        SSLContext server = context(certs.serverKeyStore().pkcs12(), certs);
        SSLContext client = context(certs.clientKeyStore("alice").pkcs12(), certs);
        SSLEngine serverEngine = serverEngine(server, true);

        InMemoryHandshake.run(clientEngine(client, "localhost"), serverEngine);

        assertEquals("CN=alice", serverEngine.getSession().getPeerPrincipal().getName());
        assertThrows(SSLHandshakeException.class, () -> InMemoryHandshake.run(clientEngine(context(null, certs), "localhost"),
                serverEngine(server, true)));
    }

    @Test
    void anAuthorityWrittenToAKeyStoreLoadsBackAndIssuesTrustedCertificates() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        Path file = dir.resolve("ca.p12");
        ca.writeAuthorityKeyStore(file, "ca-secret");

        TestCertificateAuthority loaded = TestCertificateAuthority.load(file, "ca-secret");

        assertEquals(ca.certificate(), loaded.certificate());
        validatePath(loaded.issueClient("carol").chain(), ca);
    }

    @Test
    void toStringNeverShowsPasswords() {
        TestCertificates certs = TestCertificates.generate(dir);
        String shown = certs + " " + certs.trustStore() + " " + certs.serverKeyStore() + " "
                + certs.authority() + " " + certs.authority().issueClient("alice");
        assertFalse(shown.contains(certs.password()), shown);
        assertTrue(certs.serverKeyStore().toString().contains("(hidden)"));
    }

    private static X509Certificate reparse(X509Certificate cert) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
    }

    private static List<List<?>> sans(X509Certificate cert) throws Exception {
        return List.copyOf(cert.getSubjectAlternativeNames());
    }

    private static void validatePath(List<X509Certificate> chain, TestCertificateAuthority ca) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 1)), parameters);
    }

    private static KeyStore load(Path file, StoreType type, String password) throws Exception {
        KeyStore store = KeyStore.getInstance(type.name());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static X509Certificate[] chain(KeyStore store, String alias) throws Exception {
        return java.util.Arrays.stream(store.getCertificateChain(alias)).map(X509Certificate.class::cast)
                .toArray(X509Certificate[]::new);
    }

    private static X509TrustManager trustManager(KeyStore trust) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static SSLContext context(Path keyStore, TestCertificates certs) throws Exception {
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, StoreType.PKCS12, certs.password()), certs.password().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(load(certs.trustStore().pkcs12(), StoreType.PKCS12, certs.password()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static SSLEngine clientEngine(SSLContext context, String host) {
        SSLEngine engine = context.createSSLEngine(host, 9093);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static SSLEngine serverEngine(SSLContext context, boolean needClientAuth) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(needClientAuth);
        return engine;
    }
}
