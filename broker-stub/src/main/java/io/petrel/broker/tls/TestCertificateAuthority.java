package io.petrel.broker.tls;

import io.petrel.broker.internal.tls.CertificateTemplate;
import io.petrel.broker.internal.tls.PemEncoder;
import io.petrel.broker.internal.tls.StoreFiles;
import io.petrel.broker.internal.tls.X509CertificateEncoder;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A throwaway certificate authority for tests: a key pair and a self-signed CA certificate, issuing leaf
 * certificates for TLS servers (SAN {@code localhost} and {@code 127.0.0.1} by default) and TLS clients
 * (mutual TLS, subject {@code CN=name}). Never use it outside tests: its key lives in memory and in files
 * next to the stores it writes.
 *
 * <pre>{@code
 * TestCertificateAuthority ca = TestCertificateAuthority.create();
 * TrustStoreFiles trust = ca.writeTrustStore(dir, "trust-secret");
 * KeyStoreFiles server = ca.issueLocalhostServer().writeKeyStore(dir, "server", "server-secret");
 * KeyStoreFiles alice = ca.issueClient("alice").writeKeyStore(dir, "alice", "alice-secret");
 * }</pre>
 *
 * <p>Certificates are X.509 v3, signed with SHA-256 (ECDSA or RSA by the authority's key), written by our own DER
 * encoder over the JDK's public {@code java.security} API. {@link #toString()} names the subject, never the key.
 */
public final class TestCertificateAuthority {
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final String AUTHORITY_ALIAS = "ca";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final KeyAlgorithm keyAlgorithm;
    private final Clock clock;
    private final Duration validity;

    private TestCertificateAuthority(KeyPair keyPair, X509Certificate certificate, KeyAlgorithm keyAlgorithm,
                                     Clock clock, Duration validity) {
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.keyAlgorithm = keyAlgorithm;
        this.clock = clock;
        this.validity = validity;
    }

    /** An authority named {@code CN=Petrel Test CA} with an EC P-256 key, valid for a year. */
    public static TestCertificateAuthority create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The authority {@link #writeAuthorityKeyStore} wrote, so a restarted test broker keeps the certificates its
     * clients already trust.
     */
    public static TestCertificateAuthority load(Path pkcs12, String password) {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            PrivateKey key = (PrivateKey) store.getKey(AUTHORITY_ALIAS, password.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate(AUTHORITY_ALIAS);
            if (key == null || certificate == null) {
                throw new IllegalArgumentException(pkcs12 + " holds no key entry '" + AUTHORITY_ALIAS
                        + "': it was not written by TestCertificateAuthority.writeAuthorityKeyStore");
            }
            KeyAlgorithm algorithm = key.getAlgorithm().equals("RSA") ? KeyAlgorithm.RSA_2048 : KeyAlgorithm.EC_P256;
            return new TestCertificateAuthority(new KeyPair(certificate.getPublicKey(), key), certificate, algorithm,
                    Clock.systemUTC(), Builder.DEFAULT_VALIDITY);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the authority's key store " + pkcs12, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not load the authority's key store " + pkcs12, e);
        }
    }

    /** The self-signed CA certificate clients and servers trust. */
    public X509Certificate certificate() {
        return certificate;
    }

    public KeyAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    /** The CA certificate as PEM text. */
    public String certificatePem() {
        return PemEncoder.certificate(certificate);
    }

    /** A server certificate {@code CN=localhost} for DNS name {@code localhost} and IP address {@code 127.0.0.1}. */
    public IssuedCertificate issueLocalhostServer() {
        return issue(CertificateRequest.server("localhost", List.of("localhost", "127.0.0.1")));
    }

    /** A server certificate {@code CN=commonName} valid for each of {@code hostNames} (DNS names or IP literals). */
    public IssuedCertificate issueServer(String commonName, List<String> hostNames) {
        return issue(CertificateRequest.server(commonName, hostNames));
    }

    /** A client certificate {@code CN=commonName} for mutual TLS. */
    public IssuedCertificate issueClient(String commonName) {
        return issue(CertificateRequest.client(commonName));
    }

    /** The certificate {@code request} describes, signed by this authority. */
    public IssuedCertificate issue(CertificateRequest request) {
        KeyAlgorithm algorithm = request.keyAlgorithm() != null ? request.keyAlgorithm() : keyAlgorithm;
        KeyPair leaf = algorithm.generateKeyPair();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = request.notBefore() != null ? request.notBefore() : now.minus(CLOCK_SKEW);
        Instant notAfter = request.notAfter() != null ? request.notAfter() : now.plus(validity);
        List<String> dnsNames = new ArrayList<>();
        List<InetAddress> ipAddresses = new ArrayList<>();
        for (String host : request.hostNames()) {
            InetAddress ip = ipLiteral(host);
            if (ip != null) {
                ipAddresses.add(ip);
            } else {
                dnsNames.add(host);
            }
        }
        CertificateTemplate template = new CertificateTemplate(new X500Principal(request.subject()), leaf.getPublic(),
                certificate.getSubjectX500Principal(), keyPair.getPublic(), serialNumber(), notBefore, notAfter, false,
                dnsNames, ipAddresses, request.serverAuth(), request.clientAuth());
        X509Certificate issued = X509CertificateEncoder.sign(template, keyPair.getPrivate());
        return new IssuedCertificate(leaf.getPrivate(), List.of(issued, certificate));
    }

    /** Writes {@code ca.truststore.p12}, {@code ca.truststore.jks} (under {@code password}) and {@code ca.pem} into {@code directory}. */
    public TrustStoreFiles writeTrustStore(Path directory, String password) {
        Objects.requireNonNull(password, "password");
        IssuedCertificate.createDirectories(directory);
        TrustStoreFiles files = new TrustStoreFiles(directory.resolve("ca.truststore.p12"),
                directory.resolve("ca.truststore.jks"), directory.resolve("ca.pem"), password);
        StoreFiles.writeTrustStore(files.pkcs12(), "PKCS12", AUTHORITY_ALIAS, certificate, password.toCharArray());
        StoreFiles.writeTrustStore(files.jks(), "JKS", AUTHORITY_ALIAS, certificate, password.toCharArray());
        StoreFiles.writeText(files.pem(), certificatePem());
        return files;
    }

    /** Writes this authority's own key and certificate as a PKCS12 store that {@link #load} reads back. */
    public void writeAuthorityKeyStore(Path pkcs12, String password) {
        StoreFiles.writeKeyStore(pkcs12, "PKCS12", AUTHORITY_ALIAS, keyPair.getPrivate(), List.of(certificate),
                password.toCharArray());
    }

    private static BigInteger serialNumber() {
        // 127 random bits, positive: unique enough that no two test certificates from one authority collide.
        return new BigInteger(127, RANDOM).setBit(0);
    }

    /** The address an IP literal names, or null for a DNS name; never a DNS lookup. */
    private static InetAddress ipLiteral(String host) {
        if (!IPV4_LITERAL.matcher(host).matches() && !host.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Host '" + host + "' looks like an IP address but is not one", e);
        }
    }

    @Override
    public String toString() {
        return "TestCertificateAuthority[" + certificate.getSubjectX500Principal().getName() + ", " + keyAlgorithm + "]";
    }

    /** Builds a {@link TestCertificateAuthority}. */
    public static final class Builder {
        static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
        private String subject = "CN=Petrel Test CA";
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private Clock clock = Clock.systemUTC();
        private Duration validity = DEFAULT_VALIDITY;

        private Builder() {
        }

        /** The authority's distinguished name; {@code CN=Petrel Test CA} by default. */
        public Builder subject(String distinguishedName) {
            this.subject = Objects.requireNonNull(distinguishedName, "distinguishedName");
            return this;
        }

        /** The algorithm of the authority's key and, unless a request says otherwise, of the keys it issues. */
        public Builder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
            this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
            return this;
        }

        /** Where "now" comes from for validity periods. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long the authority and the certificates it issues stay valid from now; a year by default. */
        public Builder validity(Duration validity) {
            if (validity.isNegative() || validity.isZero()) {
                throw new IllegalArgumentException("Validity " + validity + " must be positive");
            }
            this.validity = validity;
            return this;
        }

        public TestCertificateAuthority build() {
            KeyPair keyPair = keyAlgorithm.generateKeyPair();
            X500Principal name = new X500Principal(subject);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            CertificateTemplate template = new CertificateTemplate(name, keyPair.getPublic(), name, keyPair.getPublic(),
                    serialNumber(), now.minus(CLOCK_SKEW), now.plus(validity), true, List.of(), List.of(), false, false);
            X509Certificate certificate = X509CertificateEncoder.sign(template, keyPair.getPrivate());
            return new TestCertificateAuthority(keyPair, certificate, keyAlgorithm, clock, validity);
        }
    }
}
