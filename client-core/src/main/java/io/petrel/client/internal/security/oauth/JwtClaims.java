package io.petrel.client.internal.security.oauth;

import io.petrel.client.OAuthBearerToken;
import io.petrel.protocol.sasl.JsonReader;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of a compact JWT (header.payload.signature), read without checking the signature: a client
 * only needs to know when its own token expires and whom it names; the broker validates it.
 */
final class JwtClaims {
    private final Map<String, Object> claims;

    private JwtClaims(Map<String, Object> claims) {
        this.claims = claims;
    }

    /**
     * The payload's claims.
     *
     * @throws IllegalArgumentException when the token is not a compact JWT with a JSON payload (the message
     *                                  never contains the token)
     */
    static JwtClaims of(String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("the token is not a compact JWT (it has " + parts.length
                    + " dot-separated parts, not 3)");
        }
        String payload;
        try {
            payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the token's payload is not base64url");
        }
        try {
            return new JwtClaims(JsonReader.readObject(payload));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the token's payload is not a JSON object: " + e.getMessage());
        }
    }

    /** A numeric date claim (seconds since the epoch, fractions allowed) in epoch milliseconds. */
    Optional<Long> epochMillis(String name) {
        return claims.get(name) instanceof BigDecimal seconds
                ? Optional.of(seconds.movePointRight(3).longValue()) : Optional.empty();
    }

    Optional<String> string(String name) {
        return claims.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A scope claim: a space-separated string or an array of strings. */
    Set<String> scope(String name) {
        Object value = claims.get(name);
        if (value instanceof String s) {
            return new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+")));
        }
        if (value instanceof Collection<?> items) {
            Set<String> out = new LinkedHashSet<>();
            items.forEach(i -> out.add(String.valueOf(i)));
            return out;
        }
        return Set.of();
    }

    /**
     * The token as Petrel hands it on: expiry from {@code exp}, principal from {@code subClaim}.
     *
     * @throws IllegalArgumentException when {@code exp} or the principal claim is missing
     */
    OAuthBearerToken token(String compact, String scopeClaim, String subClaim) {
        long expires = epochMillis("exp").orElseThrow(() -> new IllegalArgumentException("the token has no exp claim"));
        String principal = string(subClaim).orElseThrow(() -> new IllegalArgumentException("the token has no "
                + subClaim + " claim (sasl.oauthbearer.sub.claim.name)"));
        return new OAuthBearerToken(compact, expires, principal, scope(scopeClaim));
    }
}
