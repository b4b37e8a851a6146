package io.petrel.broker.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One private key and its certificate chain written in every format Kafka reads. The PKCS12 and JKS stores,
 * their key entry and the encrypted PEM key share one password. {@link #toString()} leaves it out.
 *
 * @param pkcs12           PKCS12 key store
 * @param jks              JKS key store
 * @param pem              the encrypted private key followed by the chain, for {@code ssl.keystore.type=PEM} with
 *                         {@code ssl.keystore.location}
 * @param certificateChain the chain as PEM, leaf first then the authority
 * @param privateKey       the private key as unencrypted PKCS#8 PEM
 * @param encryptedPrivateKey the private key as encrypted PKCS#8 PEM (PKCS#12 PBE with 3DES, which Kafka decrypts on Java 17), under {@code password}
 * @param password         the stores' and the key's password
 */
public record KeyStoreFiles(Path pkcs12, Path jks, Path pem, Path certificateChain, Path privateKey,
                            Path encryptedPrivateKey, String password) {
    public KeyStoreFiles {
        Objects.requireNonNull(pkcs12, "pkcs12");
        Objects.requireNonNull(jks, "jks");
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(encryptedPrivateKey, "encryptedPrivateKey");
        Objects.requireNonNull(password, "password");
    }

    /** The key store file of {@code type}. */
    public Path path(StoreType type) {
        return switch (type) {
            case PKCS12 -> pkcs12;
            case JKS -> jks;
            case PEM -> pem;
        };
    }

    /**
     * Kafka's {@code ssl.keystore.*} settings and {@code ssl.key.password} for the file of {@code type}. For PEM
     * only the key password is given: Kafka refuses a store password with a PEM key store.
     */
    public Map<String, String> kafkaProperties(StoreType type) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ssl.keystore.location", path(type).toString());
        properties.put("ssl.keystore.type", type.name());
        if (type != StoreType.PEM) {
            properties.put("ssl.keystore.password", password);
        }
        properties.put("ssl.key.password", password);
        return properties;
    }

    /**
     * Kafka's inline PEM key store settings: {@code ssl.keystore.certificate.chain} and {@code ssl.keystore.key}
     * (the encrypted key) as text, with {@code ssl.key.password}.
     */
    public Map<String, String> kafkaInlinePemProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ssl.keystore.type", StoreType.PEM.name());
        properties.put("ssl.keystore.certificate.chain", read(certificateChain));
        properties.put("ssl.keystore.key", read(encryptedPrivateKey));
        properties.put("ssl.key.password", password);
        return properties;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    @Override
    public String toString() {
        return "KeyStoreFiles[pkcs12=" + pkcs12 + ", jks=" + jks + ", pem=" + pem + ", password=(hidden)]";
    }
}
