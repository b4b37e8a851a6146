package io.petrel.client.internal.config;

import io.petrel.client.OAuthBearerTokenProvider;
import io.petrel.client.Password;

import java.util.List;

/**
 * Kafka's client settings for TLS ({@code ssl.*}) and SASL ({@code sasl.*}), with kafka-clients 4.x's names,
 * types and defaults, so a client.properties written for kafka-clients is read the same here. Every secret
 * (passwords, PEM keys, sasl.jaas.config, client secrets) is a {@link Password}, hidden in every dump.
 *
 * <p>Kerberos (GSSAPI) settings are not defined: Petrel does not speak GSSAPI and says so when
 * sasl.mechanism asks for it. Keys for Kafka's broker-side OAuth validation (JWKS, expected audience) are
 * not a client's business and are left out too. {@code sasl.oauthbearer.token.provider.class} is Petrel's
 * own: the way to plug in an {@link OAuthBearerTokenProvider}.
 */
public final class SecurityConfigs {
    public static final ConfigKey<String> SSL_PROTOCOL = ConfigKey.ofString("ssl.protocol", "TLSv1.3",
            "The SSLContext protocol (TLSv1.3 also allows TLSv1.2 when enabled)");
    public static final ConfigKey<String> SSL_PROVIDER = ConfigKey.ofString("ssl.provider", null,
            "The JCA security provider for the SSLContext; the JDK's default when not set").optional();
    public static final ConfigKey<List<String>> SSL_CIPHER_SUITES = ConfigKey.ofList("ssl.cipher.suites", List.of(),
            "Cipher suites to enable; the engine's defaults when empty");
    public static final ConfigKey<List<String>> SSL_ENABLED_PROTOCOLS = ConfigKey.ofList("ssl.enabled.protocols",
            List.of("TLSv1.2", "TLSv1.3"), "TLS versions the client offers");
    public static final ConfigKey<String> SSL_KEYSTORE_TYPE = ConfigKey.ofString("ssl.keystore.type", "JKS",
            "JKS, PKCS12 or PEM");
    public static final ConfigKey<String> SSL_KEYSTORE_LOCATION = ConfigKey.ofString("ssl.keystore.location", null,
            "The client's key store, for mutual TLS").optional();
    public static final ConfigKey<Password> SSL_KEYSTORE_PASSWORD = ConfigKey.ofPassword("ssl.keystore.password",
            "The key store's password");
    public static final ConfigKey<Password> SSL_KEY_PASSWORD = ConfigKey.ofPassword("ssl.key.password",
            "The private key's password (the key store password when not set; decrypts an encrypted PEM key)");
    public static final ConfigKey<Password> SSL_KEYSTORE_KEY = ConfigKey.ofPassword("ssl.keystore.key",
            "The client's private key as PEM (PKCS#8, encrypted or not), with ssl.keystore.certificate.chain");
    public static final ConfigKey<Password> SSL_KEYSTORE_CERTIFICATE_CHAIN = ConfigKey.ofPassword(
            "ssl.keystore.certificate.chain", "The client's certificate chain as PEM, with ssl.keystore.key");
    public static final ConfigKey<Password> SSL_TRUSTSTORE_CERTIFICATES = ConfigKey.ofPassword(
            "ssl.truststore.certificates", "Trusted certificates as PEM, in place of a trust store file");
    public static final ConfigKey<String> SSL_TRUSTSTORE_TYPE = ConfigKey.ofString("ssl.truststore.type", "JKS",
            "JKS, PKCS12 or PEM");
    public static final ConfigKey<String> SSL_TRUSTSTORE_LOCATION = ConfigKey.ofString("ssl.truststore.location",
            null, "The trust store; the JDK's trusted authorities when neither it nor ssl.truststore.certificates is set")
            .optional();
    public static final ConfigKey<Password> SSL_TRUSTSTORE_PASSWORD = ConfigKey.ofPassword("ssl.truststore.password",
            "The trust store's password (optional for PKCS12 and JKS trust stores)");
    public static final ConfigKey<String> SSL_KEYMANAGER_ALGORITHM = ConfigKey.ofString("ssl.keymanager.algorithm",
            "SunX509", "The KeyManagerFactory algorithm");
    public static final ConfigKey<String> SSL_TRUSTMANAGER_ALGORITHM = ConfigKey.ofString("ssl.trustmanager.algorithm",
            "PKIX", "The TrustManagerFactory algorithm");
    public static final ConfigKey<String> SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = ConfigKey.ofString(
            "ssl.endpoint.identification.algorithm", "https",
            "https: the broker's certificate must name the host connected to; empty: no host name check");
    public static final ConfigKey<String> SSL_SECURE_RANDOM_IMPLEMENTATION = ConfigKey.ofString(
            "ssl.secure.random.implementation", null, "The SecureRandom algorithm for TLS").optional();

    public static final ConfigKey<String> SASL_MECHANISM = ConfigKey.ofString("sasl.mechanism", "GSSAPI",
            "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER (Kafka's default GSSAPI is not supported)");
    public static final ConfigKey<Password> SASL_JAAS_CONFIG = ConfigKey.ofPassword("sasl.jaas.config",
            "The login module and its options in JAAS syntax, e.g. "
                    + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";");
    public static final ConfigKey<String> SASL_LOGIN_CALLBACK_HANDLER_CLASS = ConfigKey.ofString(
            "sasl.login.callback.handler.class", null,
            "Kafka's OAuth login callback handlers are recognised by name; other tokens come from "
                    + "sasl.oauthbearer.token.provider.class").optional();
    public static final ConfigKey<Object> SASL_OAUTHBEARER_TOKEN_PROVIDER_CLASS = ConfigKey.ofClass(
            "sasl.oauthbearer.token.provider.class", null,
            "Petrel's own: an OAuthBearerTokenProvider (class or instance) that supplies OAUTHBEARER tokens")
            .instancesOf(OAuthBearerTokenProvider.class).optional();
    public static final ConfigKey<Double> SASL_LOGIN_REFRESH_WINDOW_FACTOR = ConfigKey.ofDouble(
            "sasl.login.refresh.window.factor", 0.8, "Refresh a token once this share of its lifetime has passed")
            .validatedBy(ConfigValidator.between(0.5, 1.0));
    public static final ConfigKey<Double> SASL_LOGIN_REFRESH_WINDOW_JITTER = ConfigKey.ofDouble(
            "sasl.login.refresh.window.jitter", 0.05, "Random extra share of the lifetime added to the refresh time")
            .validatedBy(ConfigValidator.between(0.0, 0.25));
    public static final ConfigKey<Short> SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS = ConfigKey.ofShort(
            "sasl.login.refresh.min.period.seconds", (short) 60, "The least time between token refreshes")
            .validatedBy(ConfigValidator.between(0, 900));
    public static final ConfigKey<Short> SASL_LOGIN_REFRESH_BUFFER_SECONDS = ConfigKey.ofShort(
            "sasl.login.refresh.buffer.seconds", (short) 300, "Refresh at least this long before a token expires")
            .validatedBy(ConfigValidator.between(0, 3600));
    public static final ConfigKey<Integer> SASL_LOGIN_CONNECT_TIMEOUT_MS = ConfigKey.ofInt(
            "sasl.login.connect.timeout.ms", null, "Connect timeout of the token endpoint; 10 s when not set")
            .optional();
    public static final ConfigKey<Integer> SASL_LOGIN_READ_TIMEOUT_MS = ConfigKey.ofInt(
            "sasl.login.read.timeout.ms", null, "Response timeout of the token endpoint; 10 s when not set")
            .optional();
    public static final ConfigKey<Long> SASL_LOGIN_RETRY_BACKOFF_MS = ConfigKey.ofLong("sasl.login.retry.backoff.ms",
            100L, "The first wait before asking the token endpoint again");
    public static final ConfigKey<Long> SASL_LOGIN_RETRY_BACKOFF_MAX_MS = ConfigKey.ofLong(
            "sasl.login.retry.backoff.max.ms", 10_000L, "The longest wait between token endpoint attempts");
    public static final ConfigKey<String> SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL = ConfigKey.ofString(
            "sasl.oauthbearer.token.endpoint.url", null,
            "The OAuth token endpoint for the client-credentials flow").optional();
    public static final ConfigKey<String> SASL_OAUTHBEARER_SCOPE = ConfigKey.ofString("sasl.oauthbearer.scope", null,
            "The scope to ask the token endpoint for (or scope in sasl.jaas.config)").optional();
    public static final ConfigKey<String> SASL_OAUTHBEARER_CLIENT_ID = ConfigKey.ofString(
            "sasl.oauthbearer.client.credentials.client.id", null,
            "The OAuth client id (or clientId in sasl.jaas.config)").optional();
    public static final ConfigKey<Password> SASL_OAUTHBEARER_CLIENT_SECRET = ConfigKey.ofPassword(
            "sasl.oauthbearer.client.credentials.client.secret", "The OAuth client secret (or clientSecret in sasl.jaas.config)");
    public static final ConfigKey<String> SASL_OAUTHBEARER_SCOPE_CLAIM_NAME = ConfigKey.ofString(
            "sasl.oauthbearer.scope.claim.name", "scope", "The JWT claim holding the token's scopes");
    public static final ConfigKey<String> SASL_OAUTHBEARER_SUB_CLAIM_NAME = ConfigKey.ofString(
            "sasl.oauthbearer.sub.claim.name", "sub", "The JWT claim holding the token's principal");
    public static final ConfigKey<Boolean> SASL_OAUTHBEARER_HEADER_URLENCODE = ConfigKey.ofBoolean(
            "sasl.oauthbearer.header.urlencode", false,
            "URL-encode client id and secret in the token request's Authorization header (RFC 6749 2.3.1)");

    /** Every TLS and SASL key. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(SSL_PROTOCOL).define(SSL_PROVIDER).define(SSL_CIPHER_SUITES).define(SSL_ENABLED_PROTOCOLS)
            .define(SSL_KEYSTORE_TYPE).define(SSL_KEYSTORE_LOCATION).define(SSL_KEYSTORE_PASSWORD)
            .define(SSL_KEY_PASSWORD).define(SSL_KEYSTORE_KEY).define(SSL_KEYSTORE_CERTIFICATE_CHAIN)
            .define(SSL_TRUSTSTORE_CERTIFICATES).define(SSL_TRUSTSTORE_TYPE).define(SSL_TRUSTSTORE_LOCATION)
            .define(SSL_TRUSTSTORE_PASSWORD).define(SSL_KEYMANAGER_ALGORITHM).define(SSL_TRUSTMANAGER_ALGORITHM)
            .define(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM).define(SSL_SECURE_RANDOM_IMPLEMENTATION)
            .define(SASL_MECHANISM).define(SASL_JAAS_CONFIG).define(SASL_LOGIN_CALLBACK_HANDLER_CLASS)
            .define(SASL_OAUTHBEARER_TOKEN_PROVIDER_CLASS).define(SASL_LOGIN_REFRESH_WINDOW_FACTOR)
            .define(SASL_LOGIN_REFRESH_WINDOW_JITTER).define(SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS)
            .define(SASL_LOGIN_REFRESH_BUFFER_SECONDS).define(SASL_LOGIN_CONNECT_TIMEOUT_MS)
            .define(SASL_LOGIN_READ_TIMEOUT_MS).define(SASL_LOGIN_RETRY_BACKOFF_MS)
            .define(SASL_LOGIN_RETRY_BACKOFF_MAX_MS).define(SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL)
            .define(SASL_OAUTHBEARER_SCOPE).define(SASL_OAUTHBEARER_CLIENT_ID).define(SASL_OAUTHBEARER_CLIENT_SECRET)
            .define(SASL_OAUTHBEARER_SCOPE_CLAIM_NAME).define(SASL_OAUTHBEARER_SUB_CLAIM_NAME)
            .define(SASL_OAUTHBEARER_HEADER_URLENCODE)
            .build();

    private SecurityConfigs() {
    }
}
