package io.petrel.interop.security;

/**
 * The users both secured brokers know, with the same passwords (SASL PLAIN and SCRAM), certificate common names
 * (mTLS) and token subjects (OAUTHBEARER). {@code admin} is a super user; {@code alice} may do only what ACLs grant.
 * {@link #toString} is the name: a password never shows in a test's name or message.
 */
public enum User {
    ADMIN("admin", "admin-secret"),
    ALICE("alice", "alice-secret");

    private final String principal;
    private final String password;

    User(String principal, String password) {
        this.principal = principal;
        this.password = password;
    }

    /** The name both brokers authenticate: the SASL user name, the certificate's CN, the token's subject. */
    public String principal() {
        return principal;
    }

    public String password() {
        return password;
    }

    /** Kafka's principal string for ACLs and super users, {@code User:<name>}. */
    public String kafkaPrincipal() {
        return "User:" + principal;
    }

    @Override
    public String toString() {
        return principal;
    }
}
