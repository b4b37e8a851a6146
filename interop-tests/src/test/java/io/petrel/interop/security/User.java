package io.petrel.interop.security;

/**
 * The users both secured brokers know, with the same passwords (SASL PLAIN and SCRAM), certificate common names
 * (mTLS: principal {@code User:CN=<name>}, Kafka's default) and token subjects (OAUTHBEARER). {@code admin} is a super user; {@code alice} may do only what ACLs grant.
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

    /** Kafka's principal when the user authenticates with SASL, for ACLs and super users: {@code User:<name>}. */
    public String kafkaPrincipal() {
        return "User:" + principal;
    }

    /**
     * Kafka's principal when the user authenticates with its client certificate (mTLS): Kafka's default principal
     * builder takes the subject's distinguished name, {@code User:CN=<name>}.
     */
    public String certificatePrincipal() {
        return "User:CN=" + principal;
    }

    @Override
    public String toString() {
        return principal;
    }
}
