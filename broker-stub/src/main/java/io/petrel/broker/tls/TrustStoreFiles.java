package io.petrel.broker.tls;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trust store written in every format Kafka reads, all trusting the same certificate authority.
 * {@link #toString()} leaves the password out.
 *
 * @param pkcs12   PKCS12 trust store
 * @param jks      JKS trust store
 * @param pem      the authority's certificate as PEM
 * @param password password of the PKCS12 and JKS stores (a PEM trust store has none)
 */
public record TrustStoreFiles(Path pkcs12, Path jks, Path pem, String password) {
    public TrustStoreFiles {
        Objects.requireNonNull(pkcs12, "pkcs12");
        Objects.requireNonNull(jks, "jks");
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(password, "password");
    }

    /** The file of {@code type}. */
    public Path path(StoreType type) {
        return switch (type) {
            case PKCS12 -> pkcs12;
            case JKS -> jks;
            case PEM -> pem;
        };
    }

    /** Kafka's {@code ssl.truststore.*} settings for the file of {@code type} (no password for PEM, as Kafka requires). */
    public Map<String, String> kafkaProperties(StoreType type) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ssl.truststore.location", path(type).toString());
        properties.put("ssl.truststore.type", type.name());
        if (type != StoreType.PEM) {
            properties.put("ssl.truststore.password", password);
        }
        return properties;
    }

    @Override
    public String toString() {
        return "TrustStoreFiles[pkcs12=" + pkcs12 + ", jks=" + jks + ", pem=" + pem + ", password=(hidden)]";
    }
}
