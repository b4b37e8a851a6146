package io.petrel.broker.security;

import io.petrel.broker.tls.KeyStoreFiles;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TrustStoreFiles;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A TLS listener's key material and options, as Kafka's broker {@code ssl.*} settings give them. A key store is
 * a file ({@code ssl.keystore.location}, {@code .type} PKCS12, JKS or PEM, {@code .password},
 * {@code ssl.key.password}) or inline PEM ({@code ssl.keystore.certificate.chain} + {@code ssl.keystore.key});
 * likewise the trust store ({@code ssl.truststore.location}/{@code .type}/{@code .password}, or inline
 * {@code ssl.truststore.certificates}), needed only to check client certificates (mutual TLS).
 * {@link #toString()} never shows a password or a key.
 *
 * @param keystoreLocation         {@code ssl.keystore.location}, or null
 * @param keystoreType             {@code ssl.keystore.type}: PKCS12 (Kafka's default), JKS or PEM
 * @param keystorePassword         {@code ssl.keystore.password}, or null
 * @param keyPassword              {@code ssl.key.password}, or null (then the store password, as in Kafka)
 * @param keystoreCertificateChain {@code ssl.keystore.certificate.chain}: PEM text, or null
 * @param keystoreKey              {@code ssl.keystore.key}: PKCS#8 PEM text, or null
 * @param truststoreLocation       {@code ssl.truststore.location}, or null
 * @param truststoreType           {@code ssl.truststore.type}: PKCS12, JKS or PEM
 * @param truststorePassword       {@code ssl.truststore.password}, or null
 * @param truststoreCertificates   {@code ssl.truststore.certificates}: PEM text, or null
 * @param clientAuth               {@code ssl.client.auth}
 * @param enabledProtocols         {@code ssl.enabled.protocols}; Kafka's default is TLSv1.2 and TLSv1.3
 * @param cipherSuites             {@code ssl.cipher.suites}; empty means the JDK's defaults
 */
public record SslSettings(String keystoreLocation, String keystoreType, String keystorePassword, String keyPassword,
                          String keystoreCertificateChain, String keystoreKey, String truststoreLocation,
                          String truststoreType, String truststorePassword, String truststoreCertificates,
                          SslClientAuth clientAuth, List<String> enabledProtocols, List<String> cipherSuites) {
    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    /** The Kafka keys {@link #fromKafkaProperties} reads. */
    public static final java.util.Set<String> KAFKA_KEYS = java.util.Set.of("ssl.keystore.location", "ssl.keystore.type",
            "ssl.keystore.password", "ssl.key.password", "ssl.keystore.certificate.chain", "ssl.keystore.key",
            "ssl.truststore.location", "ssl.truststore.type", "ssl.truststore.password", "ssl.truststore.certificates",
            "ssl.client.auth", "ssl.enabled.protocols", "ssl.cipher.suites");

    public SslSettings {
        keystoreType = storeType("ssl.keystore.type", keystoreType);
        truststoreType = storeType("ssl.truststore.type", truststoreType);
        clientAuth = clientAuth == null ? SslClientAuth.NONE : clientAuth;
        enabledProtocols = enabledProtocols == null || enabledProtocols.isEmpty() ? DEFAULT_PROTOCOLS : List.copyOf(enabledProtocols);
        cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
        boolean inlineKey = keystoreCertificateChain != null || keystoreKey != null;
        if (inlineKey && (keystoreCertificateChain == null || keystoreKey == null)) {
            throw new IllegalArgumentException("ssl.keystore.certificate.chain and ssl.keystore.key go together: one is missing");
        }
        if (inlineKey && keystoreLocation != null) {
            throw new IllegalArgumentException("Give ssl.keystore.location or the inline ssl.keystore.key, not both");
        }
        if (truststoreCertificates != null && truststoreLocation != null) {
            throw new IllegalArgumentException("Give ssl.truststore.location or the inline ssl.truststore.certificates, not both");
        }
    }

    /** Whether a key store is given (without one a TLS listener cannot start). */
    public boolean hasKeyStore() {
        return keystoreLocation != null || keystoreKey != null;
    }

    /** Whether a trust store is given (without one, client certificates are checked against the JDK's default CAs). */
    public boolean hasTrustStore() {
        return truststoreLocation != null || truststoreCertificates != null;
    }

    /** The same settings asking clients for certificates as {@code auth} says. */
    public SslSettings withClientAuth(SslClientAuth auth) {
        return new SslSettings(keystoreLocation, keystoreType, keystorePassword, keyPassword, keystoreCertificateChain,
                keystoreKey, truststoreLocation, truststoreType, truststorePassword, truststoreCertificates, auth,
                enabledProtocols, cipherSuites);
    }

    /** Settings for files a {@link io.petrel.broker.tls.TestCertificates} set wrote (PKCS12 stores). */
    public static SslSettings of(KeyStoreFiles keyStore, TrustStoreFiles trustStore, SslClientAuth clientAuth) {
        return new SslSettings(keyStore.pkcs12().toString(), StoreType.PKCS12.name(), keyStore.password(),
                keyStore.password(), null, null, trustStore.pkcs12().toString(), StoreType.PKCS12.name(),
                trustStore.password(), null, clientAuth, null, null);
    }

    /**
     * The settings Kafka's {@code ssl.*} keys in {@code properties} give (keys without any listener prefix); absent
     * keys take Kafka's defaults.
     */
    public static SslSettings fromKafkaProperties(Map<String, String> properties) {
        return new SslSettings(properties.get("ssl.keystore.location"), properties.get("ssl.keystore.type"),
                properties.get("ssl.keystore.password"), properties.get("ssl.key.password"),
                properties.get("ssl.keystore.certificate.chain"), properties.get("ssl.keystore.key"),
                properties.get("ssl.truststore.location"), properties.get("ssl.truststore.type"),
                properties.get("ssl.truststore.password"), properties.get("ssl.truststore.certificates"),
                properties.containsKey("ssl.client.auth") ? SslClientAuth.parse(properties.get("ssl.client.auth")) : null,
                list(properties.get("ssl.enabled.protocols")), list(properties.get("ssl.cipher.suites")));
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String storeType(String key, String type) {
        if (type == null || type.isBlank()) {
            return StoreType.PKCS12.name();
        }
        String upper = type.trim().toUpperCase(java.util.Locale.ROOT);
        for (StoreType known : StoreType.values()) {
            if (known.name().equals(upper)) {
                return upper;
            }
        }
        throw new IllegalArgumentException(key + " '" + type + "' is not one of PKCS12, JKS, PEM");
    }

    @Override
    public String toString() {
        return "SslSettings[keystore=" + (keystoreLocation != null ? keystoreLocation : keystoreKey != null ? "(inline PEM)" : "none")
                + " (" + keystoreType + "), truststore="
                + (truststoreLocation != null ? truststoreLocation : truststoreCertificates != null ? "(inline PEM)" : "none")
                + " (" + truststoreType + "), clientAuth=" + clientAuth + ", protocols=" + enabledProtocols
                + (cipherSuites.isEmpty() ? "" : ", cipherSuites=" + cipherSuites) + ", passwords=(hidden)]";
    }
}
