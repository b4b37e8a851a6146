package io.petrel.broker.security;

/** Kafka's {@code ssl.client.auth}: whether a TLS listener asks clients for a certificate (mutual TLS). */
public enum SslClientAuth {
    /** No client certificate is asked for; the principal is {@code User:ANONYMOUS} unless SASL names one. */
    NONE,
    /** A certificate is asked for; a client without one still connects. */
    REQUESTED,
    /** A client without a certificate the trust store trusts fails the handshake. */
    REQUIRED;

    /** The value named {@code value} ({@code none}, {@code requested}, {@code required}; case-insensitive). */
    public static SslClientAuth parse(String value) {
        for (SslClientAuth auth : values()) {
            if (auth.name().equalsIgnoreCase(value.trim())) {
                return auth;
            }
        }
        throw new IllegalArgumentException("ssl.client.auth '" + value + "' is not one of none, requested, required");
    }
}
