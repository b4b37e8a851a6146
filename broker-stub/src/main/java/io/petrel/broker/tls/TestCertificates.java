package io.petrel.broker.tls;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A ready set of throwaway TLS files in one directory: a new {@link TestCertificateAuthority}, a trust store
 * holding it, a server key store for {@code localhost}/{@code 127.0.0.1}, and client key stores issued on
 * demand for mutual TLS. Every store and key shares one password ({@link #password()}).
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.generate(tempDir);
 * serverProps.putAll(certs.serverKeyStore().kafkaProperties(StoreType.PKCS12));
 * clientProps.putAll(certs.trustStore().kafkaProperties(StoreType.PKCS12));
 * clientProps.putAll(certs.clientKeyStore("alice").kafkaProperties(StoreType.PKCS12)); // mTLS as User:CN=alice
 * }</pre>
 *
 * <p>File names: {@code ca.truststore.p12|jks}, {@code ca.pem}, {@code server.keystore.p12|jks}, {@code server.pem},
 * ..., {@code client-<name>.keystore.p12|jks}, ... (see {@link IssuedCertificate#writeKeyStore}).
 */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final Path directory;
    private final TestCertificateAuthority authority;
    private final String password;
    private final TrustStoreFiles trustStore;
    private final KeyStoreFiles serverKeyStore;
    private final Map<String, KeyStoreFiles> clientKeyStores = new HashMap<>();

    private TestCertificates(Path directory, TestCertificateAuthority authority, String password) {
        this.directory = directory;
        this.authority = authority;
        this.password = password;
        this.trustStore = authority.writeTrustStore(directory, password);
        this.serverKeyStore = authority.issueLocalhostServer().writeKeyStore(directory, "server", password);
    }

    /** A new EC P-256 authority and its files in {@code directory}, under a random password. */
    public static TestCertificates generate(Path directory) {
        return generate(directory, TestCertificateAuthority.create(), randomPassword());
    }

    /** Files in {@code directory} from {@code authority}, under {@code password}. */
    public static TestCertificates generate(Path directory, TestCertificateAuthority authority, String password) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(authority, "authority");
        if (password == null || password.length() < 6) {
            // Java's key tools refuse store passwords under six characters; fail here, not in a reader far away.
            throw new IllegalArgumentException("A store password needs at least 6 characters");
        }
        return new TestCertificates(directory, authority, password);
    }

    /** A random 20-character password from letters and digits. */
    public static String randomPassword() {
        StringBuilder password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    public Path directory() {
        return directory;
    }

    public TestCertificateAuthority authority() {
        return authority;
    }

    /** The password of every store and key written here. */
    public String password() {
        return password;
    }

    /** The trust store holding the authority: what clients (and an mTLS server) trust. */
    public TrustStoreFiles trustStore() {
        return trustStore;
    }

    /** The server's key store: {@code CN=localhost}, SAN DNS {@code localhost} and IP {@code 127.0.0.1}. */
    public KeyStoreFiles serverKeyStore() {
        return serverKeyStore;
    }

    /** A client key store for {@code CN=commonName}, issued and written ({@code client-<commonName>.*}) on first use. */
    public synchronized KeyStoreFiles clientKeyStore(String commonName) {
        return clientKeyStores.computeIfAbsent(commonName,
                name -> authority.issueClient(name).writeKeyStore(directory, "client-" + fileName(name), password));
    }

    private static String fileName(String commonName) {
        return commonName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String toString() {
        return "TestCertificates[" + directory + ", " + authority + "]";
    }
}
