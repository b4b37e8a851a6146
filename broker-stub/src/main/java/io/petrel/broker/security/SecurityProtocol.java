package io.petrel.broker.security;

/** Kafka's {@code security.protocol} values: what a listener speaks on the wire. */
public enum SecurityProtocol {
    PLAINTEXT(false, false),
    SSL(true, false),
    SASL_PLAINTEXT(false, true),
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    SecurityProtocol(boolean tls, boolean sasl) {
        this.tls = tls;
        this.sasl = sasl;
    }

    /** Whether connections are encrypted with TLS. */
    public boolean usesTls() {
        return tls;
    }

    /** Whether a client must authenticate with SASL before any other request is served. */
    public boolean usesSasl() {
        return sasl;
    }

    /** The protocol named {@code name} (Kafka's spelling, case-insensitive). */
    public static SecurityProtocol parse(String name) {
        for (SecurityProtocol protocol : values()) {
            if (protocol.name().equalsIgnoreCase(name.trim())) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("Security protocol '" + name
                + "' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }
}
