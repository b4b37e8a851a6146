package io.petrel.client;

import java.util.Objects;
import java.util.Set;

/**
 * An OAuth 2 bearer token for SASL/OAUTHBEARER, as a {@link OAuthBearerTokenProvider} hands it over.
 * {@link #toString()} leaves the token itself out.
 *
 * @param value         the compact token (a JWT, or any string the broker's validator accepts)
 * @param expiresAtMs   when it expires, in epoch milliseconds; Petrel fetches a new one before then
 * @param principalName the principal the token names (its {@code sub} claim), for logs
 * @param scope         the scopes it grants (may be empty)
 */
public record OAuthBearerToken(String value, long expiresAtMs, String principalName, Set<String> scope) {
    public OAuthBearerToken {
        Objects.requireNonNull(value, "value");
        scope = scope == null ? Set.of() : Set.copyOf(scope);
    }

    @Override
    public String toString() {
        return "OAuthBearerToken[principal=" + principalName + ", expiresAtMs=" + expiresAtMs + ", scope=" + scope
                + ", value=" + Password.HIDDEN + "]";
    }
}
