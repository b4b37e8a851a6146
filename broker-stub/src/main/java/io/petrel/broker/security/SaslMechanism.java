package io.petrel.broker.security;

/** The SASL mechanisms broker-stub serves, with the names Kafka's {@code sasl.mechanism} uses. */
public enum SaslMechanism {
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    /** OAuth 2 bearer tokens (RFC 7628); by default checked as Kafka's unsecured JWS tokens, for tests. */
    OAUTHBEARER("OAUTHBEARER", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule");

    private final String mechanismName;
    private final String loginModule;

    SaslMechanism(String mechanismName, String loginModule) {
        this.mechanismName = mechanismName;
        this.loginModule = loginModule;
    }

    /** The name on the wire and in {@code sasl.mechanism}, e.g. {@code SCRAM-SHA-512}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** Whether this is one of the SCRAM mechanisms. */
    public boolean isScram() {
        return this == SCRAM_SHA_256 || this == SCRAM_SHA_512;
    }

    /**
     * The client's {@code sasl.jaas.config} for {@code username} and {@code password} (PLAIN, SCRAM), or for an
     * unsecured OAUTHBEARER token whose subject is {@code username} (the password is not used then).
     */
    public String clientJaasConfig(String username, String password) {
        if (this == OAUTHBEARER) {
            return loginModule + " required unsecuredLoginStringClaim_sub=\"" + quoted(username) + "\";";
        }
        return loginModule + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The mechanism named {@code name} as Kafka spells it ({@code SCRAM-SHA-256}...). */
    public static SaslMechanism parse(String name) {
        for (SaslMechanism mechanism : values()) {
            if (mechanism.mechanismName.equals(name.trim())) {
                return mechanism;
            }
        }
        throw new IllegalArgumentException("SASL mechanism '" + name
                + "' is not one broker-stub serves: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER");
    }
}
