package io.petrel.interop.security;

import io.petrel.broker.tls.KeyStoreFiles;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TestCertificateAuthority;
import io.petrel.broker.tls.TestCertificates;
import io.petrel.broker.tls.TrustStoreFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The throwaway TLS material both secured brokers share, from broker-stub's {@link TestCertificateAuthority}: the
 * test CA and its trust store, the brokers' certificate for {@code 127.0.0.1} and {@code localhost}, one for a host
 * name that matches nothing (the host-name mismatch failure), a client certificate per {@link User} with
 * {@code CN=<user>} (mTLS), and a trust store holding another CA (the untrusted-CA failure). One password for all.
 */
public final class TlsFiles {
    /** The only name in {@link #wrongHostKeyStore()}'s certificate. */
    public static final String WRONG_HOST = "wrong-host.invalid";

    private final TestCertificates certificates;
    private final KeyStoreFiles wrongHost;
    private final TrustStoreFiles untrusted;

    private TlsFiles(TestCertificates certificates, KeyStoreFiles wrongHost, TrustStoreFiles untrusted) {
        this.certificates = certificates;
        this.wrongHost = wrongHost;
        this.untrusted = untrusted;
    }

    /** Generates the CA and every store into {@code dir}. */
    public static TlsFiles create(Path dir) {
        TestCertificates certificates = TestCertificates.generate(dir);
        KeyStoreFiles wrongHost = certificates.authority().issueServer(WRONG_HOST, List.of(WRONG_HOST))
                .writeKeyStore(dir, "wrong-host", certificates.password());
        TrustStoreFiles untrusted = TestCertificateAuthority.builder().subject("CN=Untrusted Test CA").build()
                .writeTrustStore(dir.resolve("untrusted"), certificates.password());
        for (User user : User.values()) {
            certificates.clientKeyStore(user.principal());
        }
        return new TlsFiles(certificates, wrongHost, untrusted);
    }

    /** The brokers' key store: a certificate for 127.0.0.1 and localhost signed by the test CA. */
    public KeyStoreFiles serverKeyStore() {
        return certificates.serverKeyStore();
    }

    /** A key store whose certificate (same CA) names only {@link #WRONG_HOST}. */
    public KeyStoreFiles wrongHostKeyStore() {
        return wrongHost;
    }

    /** The test CA, which the brokers trust for client certificates and clients trust for the brokers'. */
    public TrustStoreFiles trustStore() {
        return certificates.trustStore();
    }

    /** Client settings trusting the test CA, from a store of {@code type}. */
    public Map<String, String> trustConfig(StoreType type) {
        return certificates.trustStore().kafkaProperties(type);
    }

    /** Client settings trusting only another CA, which did not sign the brokers' certificates. */
    public Map<String, String> untrustedTrustConfig() {
        return untrusted.kafkaProperties(StoreType.PKCS12);
    }

    /** {@code user}'s client certificate and key (CN = the user's name), from a store of {@code type}. */
    public Map<String, String> keyConfig(User user, StoreType type) {
        return certificates.clientKeyStore(user.principal()).kafkaProperties(type);
    }

    @Override
    public String toString() {
        return "TlsFiles[" + certificates + "]";
    }
}
