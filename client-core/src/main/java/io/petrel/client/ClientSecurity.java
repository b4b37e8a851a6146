package io.petrel.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Typed security settings for a producer's or consumer's builder ({@code .security(...)}): the same Kafka keys
 * a client.properties file would hold ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}), built without
 * spelling them or writing JAAS text. Immutable: each method returns a new value. Secrets are kept as
 * {@link Password}s, so {@link #toString()} and the client's configuration dump never show them.
 *
 * <pre>{@code
 * Producer.builder(keys, values)
 *         .bootstrapServers("broker:9093")
 *         .security(ClientSecurity.saslTls()
 *                 .trustStore(Path.of("/etc/kafka/truststore.p12"), "changeit")
 *                 .scramSha512("alice", "alice-secret"))
 *         .build();
 * }</pre>
 */
public final class ClientSecurity {
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String OAUTH_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

    private final Map<String, Object> settings;

    private ClientSecurity(Map<String, Object> settings) {
        this.settings = Collections.unmodifiableMap(settings);
    }

    private static ClientSecurity protocol(SecurityProtocol protocol) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("security.protocol", protocol.name());
        return new ClientSecurity(settings);
    }

    /** No TLS, no SASL (Kafka's default). */
    public static ClientSecurity plaintext() {
        return protocol(SecurityProtocol.PLAINTEXT);
    }

    /** TLS ({@code security.protocol=SSL}); add {@link #keyStore} for mutual TLS. */
    public static ClientSecurity tls() {
        return protocol(SecurityProtocol.SSL);
    }

    /** SASL over plain TCP ({@code SASL_PLAINTEXT}); add a mechanism. */
    public static ClientSecurity saslPlaintext() {
        return protocol(SecurityProtocol.SASL_PLAINTEXT);
    }

    /** SASL inside TLS ({@code SASL_SSL}), what managed Kafka services use; add a mechanism. */
    public static ClientSecurity saslTls() {
        return protocol(SecurityProtocol.SASL_SSL);
    }

    private ClientSecurity with(Map<String, Object> more) {
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        copy.putAll(more);
        return new ClientSecurity(copy);
    }

    private static Map<String, Object> pairs(Object... keyValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                out.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return out;
    }

    private static Password secret(String value) {
        return value == null ? null : new Password(value);
    }

    /**
     * The trust store: the authorities whose broker certificates are trusted ({@code ssl.truststore.*}). Its type
     * comes from the file name: {@code .jks} is JKS, {@code .pem}, {@code .crt} and {@code .cer} are PEM, anything
     * else PKCS12. Without a trust store the JDK's trusted authorities are used.
     *
     * @param password the store password; null for PEM or a store read without one
     */
    public ClientSecurity trustStore(Path location, String password) {
        return with(pairs("ssl.truststore.location", location.toString(), "ssl.truststore.type", storeType(location),
                "ssl.truststore.password", secret(password)));
    }

    /** Trusted certificates as PEM text ({@code ssl.truststore.certificates}), in place of a trust store file. */
    public ClientSecurity trustedCertificatesPem(String pem) {
        return with(pairs("ssl.truststore.type", "PEM", "ssl.truststore.certificates", secret(pem)));
    }

    /**
     * The client's key and certificate for mutual TLS ({@code ssl.keystore.*}), type as for {@link #trustStore}.
     *
     * @param storePassword the store password (null for PEM)
     * @param keyPassword   the key's password, if it differs from the store's (or decrypts a PEM key); may be null
     */
    public ClientSecurity keyStore(Path location, String storePassword, String keyPassword) {
        return with(pairs("ssl.keystore.location", location.toString(), "ssl.keystore.type", storeType(location),
                "ssl.keystore.password", secret(storePassword), "ssl.key.password", secret(keyPassword)));
    }

    /**
     * The client's certificate chain and PKCS#8 private key as PEM text ({@code ssl.keystore.certificate.chain},
     * {@code ssl.keystore.key}), for mutual TLS.
     *
     * @param keyPassword decrypts an {@code ENCRYPTED PRIVATE KEY}; null for a plain one
     */
    public ClientSecurity keyPem(String certificateChainPem, String privateKeyPem, String keyPassword) {
        return with(pairs("ssl.keystore.type", "PEM", "ssl.keystore.certificate.chain", secret(certificateChainPem),
                "ssl.keystore.key", secret(privateKeyPem), "ssl.key.password", secret(keyPassword)));
    }

    /**
     * Whether the broker's certificate must name the host connected to (on by default, as in Kafka); off sets
     * {@code ssl.endpoint.identification.algorithm} empty.
     */
    public ClientSecurity hostNameVerification(boolean verify) {
        return with(pairs("ssl.endpoint.identification.algorithm", verify ? "https" : ""));
    }

    /** SASL/PLAIN with this user and password (only safe inside TLS: the password travels as it is). */
    public ClientSecurity plain(String username, String password) {
        return sasl("PLAIN", PLAIN_MODULE, username, password);
    }

    /** SASL/SCRAM-SHA-256 with this user and password. */
    public ClientSecurity scramSha256(String username, String password) {
        return sasl("SCRAM-SHA-256", SCRAM_MODULE, username, password);
    }

    /** SASL/SCRAM-SHA-512 with this user and password. */
    public ClientSecurity scramSha512(String username, String password) {
        return sasl("SCRAM-SHA-512", SCRAM_MODULE, username, password);
    }

    private ClientSecurity sasl(String mechanism, String module, String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        String jaas = module + " required username=" + quoted(username) + " password=" + quoted(password) + ";";
        return with(pairs("sasl.mechanism", mechanism, "sasl.jaas.config", new Password(jaas)));
    }

    /** SASL/OAUTHBEARER with tokens from {@code provider}. */
    public ClientSecurity oauthBearer(OAuthBearerTokenProvider provider) {
        return with(pairs("sasl.mechanism", "OAUTHBEARER",
                "sasl.oauthbearer.token.provider.class", Objects.requireNonNull(provider, "provider")));
    }

    /**
     * SASL/OAUTHBEARER with tokens from an OIDC provider's token endpoint by the client-credentials grant,
     * as Kafka's OAuthBearerLoginCallbackHandler.
     *
     * @param scope the scope to ask for, or null
     */
    public ClientSecurity oauthBearerClientCredentials(URI tokenEndpoint, String clientId, String clientSecret,
                                                       String scope) {
        String jaas = OAUTH_MODULE + " required clientId=" + quoted(clientId) + " clientSecret=" + quoted(clientSecret)
                + (scope == null ? "" : " scope=" + quoted(scope)) + ";";
        return with(pairs("sasl.mechanism", "OAUTHBEARER", "sasl.oauthbearer.token.endpoint.url", tokenEndpoint.toString(),
                "sasl.jaas.config", new Password(jaas)));
    }

    /** The settings as Kafka keys, secrets as {@link Password}s: what the builders add to their settings. */
    public Map<String, Object> settings() {
        return settings;
    }

    /** A JAAS option value: double-quoted, with quotes and backslashes escaped. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String storeType(Path location) {
        String name = location.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jks")) {
            return "JKS";
        }
        if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
            return "PEM";
        }
        return "PKCS12";
    }

    @Override
    public String toString() {
        return "ClientSecurity" + settings;
    }
}
