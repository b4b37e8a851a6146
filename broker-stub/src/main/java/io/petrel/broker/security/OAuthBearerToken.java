package io.petrel.broker.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What an {@link OAuthBearerValidator} found in a valid token. {@link #toString()} never shows the token itself.
 *
 * @param principalName who the token names (its {@code sub} claim by default): the principal is {@code User:<name>}
 * @param scope         the scopes it grants
 * @param expiresAt     when it stops being valid; a session authenticated with it ends then at the latest
 */
public record OAuthBearerToken(String principalName, Set<String> scope, Instant expiresAt) {
    public OAuthBearerToken {
        Objects.requireNonNull(principalName, "principalName");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scope = Set.copyOf(scope);
    }
}
