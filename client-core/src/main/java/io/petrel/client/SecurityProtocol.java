package io.petrel.client;

import java.util.Locale;

/** Kafka's {@code security.protocol}: whether connections to brokers use TLS, SASL, both or neither. */
public enum SecurityProtocol {
    /** No encryption, no authentication (Kafka's default). */
    PLAINTEXT(false, false),
    /** TLS; the client authenticates with a certificate when it has a keystore (mutual TLS). */
    SSL(true, false),
    /** SASL authentication over a plain TCP connection. */
    SASL_PLAINTEXT(false, true),
    /** SASL authentication inside TLS. */
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    SecurityProtocol(boolean tls, boolean sasl) {
        this.tls = tls;
        this.sasl = sasl;
    }

    /** Whether connections are wrapped in TLS. */
    public boolean usesTls() {
        return tls;
    }

    /** Whether connections authenticate with SASL after the ApiVersions exchange. */
    public boolean usesSasl() {
        return sasl;
    }

    /**
     * The protocol of a {@code security.protocol} value, in any letter case.
     *
     * @throws ConfigException for a name that is none of the four
     */
    public static SecurityProtocol forName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value " + name + " for configuration security.protocol: expected one of "
                    + java.util.Arrays.toString(values()));
        }
    }
}
