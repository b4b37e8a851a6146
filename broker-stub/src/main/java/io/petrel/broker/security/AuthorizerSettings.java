package io.petrel.broker.security;

import java.util.Objects;
import java.util.Set;

/**
 * Whether ACLs are enforced, with Kafka's {@code StandardAuthorizer} settings.
 *
 * @param enabled                   whether requests are checked against ACLs ({@code authorizer.class.name} set to
 *                                  {@code org.apache.kafka.metadata.authorizer.StandardAuthorizer}); off by default,
 *                                  as in Kafka, and then everything is allowed
 * @param superUsers                {@code super.users}: principals ({@code User:admin}) allowed everything
 * @param allowEveryoneIfNoAclFound {@code allow.everyone.if.no.acl.found}: whether a resource no ACL matches is open
 *                                  to all (Kafka's default: false, so it is closed)
 */
public record AuthorizerSettings(boolean enabled, Set<String> superUsers, boolean allowEveryoneIfNoAclFound) {
    /** Kafka's authorizer class name that turns ACLs on. */
    public static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    public AuthorizerSettings {
        Objects.requireNonNull(superUsers, "superUsers");
        for (String user : superUsers) {
            if (user.indexOf(':') <= 0) {
                throw new IllegalArgumentException("Super user '" + user + "' must be a principal such as User:admin");
            }
        }
        superUsers = Set.copyOf(superUsers);
    }

    /** No authorizer: every request is allowed, as in Kafka without {@code authorizer.class.name}. */
    public static AuthorizerSettings disabled() {
        return new AuthorizerSettings(false, Set.of(), false);
    }

    /** ACLs enforced, with these super users. */
    public static AuthorizerSettings enabled(Set<String> superUsers) {
        return new AuthorizerSettings(true, superUsers, false);
    }
}
