package io.petrel.interop.security;

import io.petrel.broker.tls.StoreType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ways a client can connect to a secured broker, as Kafka's clients spell them: a {@code security.protocol}
 * and, for SASL, a {@code sasl.mechanism}; each served by one listener of the secured brokers.
 * {@link #clientConfig} gives a user's client settings, in Kafka's keys, which Petrel's clients and kafka-clients
 * both take.
 */
public enum SecurityMode {
    SASL_SSL_PLAIN("SASL_SSL", "SASL_SSL", "PLAIN"),
    SASL_SSL_SCRAM_SHA_256("SASL_SSL", "SASL_SSL", "SCRAM-SHA-256"),
    SASL_SSL_SCRAM_SHA_512("SASL_SSL", "SASL_SSL", "SCRAM-SHA-512"),
    /** TLS with a client certificate, which the listener requires ({@code ssl.client.auth=required}). */
    SSL_CLIENT_AUTH("SSL", "SSL", null),
    SASL_PLAINTEXT_SCRAM_SHA_256("SASL_PLAINTEXT", "SASL_PLAINTEXT", "SCRAM-SHA-256"),
    /** Kafka's unsecured JWS tokens (alg none), validated by the broker's unsecured validator: for tests only. */
    OAUTHBEARER_UNSECURED("OAUTH", "SASL_PLAINTEXT", "OAUTHBEARER");

    private final String listener;
    private final String securityProtocol;
    private final String mechanism;

    SecurityMode(String listener, String securityProtocol, String mechanism) {
        this.listener = listener;
        this.securityProtocol = securityProtocol;
        this.mechanism = mechanism;
    }

    /** The name of the brokers' listener that serves this mode. */
    public String listener() {
        return listener;
    }

    /** Kafka's {@code security.protocol}. */
    public String securityProtocol() {
        return securityProtocol;
    }

    /** Kafka's {@code sasl.mechanism}, empty without SASL. */
    public Optional<String> mechanism() {
        return Optional.ofNullable(mechanism);
    }

    public boolean usesTls() {
        return securityProtocol.endsWith("SSL");
    }

    /**
     * The client settings (Kafka's keys) with which {@code user} connects in this mode: the protocol, the
     * mechanism and its JAAS line with the user's credentials, the CA to trust (a PKCS12 trust store) and, for
     * {@link #SSL_CLIENT_AUTH}, the user's certificate (there the CA and the key come as PEM files, so both store
     * formats are exercised).
     */
    public Map<String, String> clientConfig(User user, TlsFiles tls) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("security.protocol", securityProtocol);
        if (mechanism != null) {
            config.put("sasl.mechanism", mechanism);
            config.put("sasl.jaas.config", jaasConfig(user.principal(), user.password()));
        }
        if (this == SSL_CLIENT_AUTH) {
            config.putAll(tls.trustConfig(StoreType.PEM));
            config.putAll(tls.keyConfig(user, StoreType.PEM));
        } else if (usesTls()) {
            config.putAll(tls.trustConfig(StoreType.PKCS12));
        }
        return config;
    }

    /** The {@code sasl.jaas.config} line for this mode's mechanism. */
    public String jaasConfig(String userName, String password) {
        return switch (mechanism == null ? "" : mechanism) {
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + userName + "\" password=\"" + password + "\";";
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"" + userName + "\" password=\"" + password + "\";";
            case "OAUTHBEARER" -> "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                    + "unsecuredLoginStringClaim_sub=\"" + userName + "\";";
            default -> throw new IllegalStateException(this + " uses no SASL mechanism");
        };
    }
}
