package io.petrel.broker.tls;

import io.petrel.broker.internal.tls.PemEncoder;
import io.petrel.broker.internal.tls.StoreFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A leaf certificate a {@link TestCertificateAuthority} issued, with its private key and its chain (leaf first,
 * then the authority). {@link #toString()} names the subject and issuer, never the key.
 */
public final class IssuedCertificate {
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;

    IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.chain = List.copyOf(chain);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The leaf then the authority's certificate. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The subject as RFC 2253 text, e.g. {@code CN=alice}: what Kafka's default principal builder puts after {@code User:}. */
    public String subjectName() {
        return certificate().getSubjectX500Principal().getName();
    }

    /**
     * Writes this key and chain into {@code directory} as {@code <name>.keystore.p12}, {@code <name>.keystore.jks},
     * {@code <name>.pem} (encrypted key and chain), {@code <name>.chain.pem}, {@code <name>.key.pem} and
     * {@code <name>.key.encrypted.pem}, all under {@code password}.
     */
    public KeyStoreFiles writeKeyStore(Path directory, String name, String password) {
        Objects.requireNonNull(password, "password");
        createDirectories(directory);
        char[] secret = password.toCharArray();
        KeyStoreFiles files = new KeyStoreFiles(directory.resolve(name + ".keystore.p12"),
                directory.resolve(name + ".keystore.jks"), directory.resolve(name + ".pem"),
                directory.resolve(name + ".chain.pem"), directory.resolve(name + ".key.pem"),
                directory.resolve(name + ".key.encrypted.pem"), password);
        StoreFiles.writeKeyStore(files.pkcs12(), "PKCS12", name, privateKey, chain, secret);
        StoreFiles.writeKeyStore(files.jks(), "JKS", name, privateKey, chain, secret);
        String chainPem = chainPem();
        String encryptedKey = PemEncoder.encryptedPrivateKey(privateKey, secret);
        StoreFiles.writeText(files.certificateChain(), chainPem);
        StoreFiles.writeText(files.privateKey(), PemEncoder.privateKey(privateKey));
        StoreFiles.writeText(files.encryptedPrivateKey(), encryptedKey);
        StoreFiles.writeText(files.pem(), encryptedKey + chainPem);
        return files;
    }

    private String chainPem() {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            text.append(PemEncoder.certificate(certificate));
        }
        return text.toString();
    }

    static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + directory, e);
        }
    }

    @Override
    public String toString() {
        return "IssuedCertificate[subject=" + subjectName() + ", issuer="
                + certificate().getIssuerX500Principal().getName() + "]";
    }
}
