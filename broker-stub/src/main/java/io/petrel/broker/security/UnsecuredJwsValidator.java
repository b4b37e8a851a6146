package io.petrel.broker.security;

import io.petrel.protocol.sasl.JsonReader;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Kafka's unsecured OAUTHBEARER token check ({@code OAuthBearerUnsecuredValidatorCallbackHandler}'s rules), for
 * tests: a JWS with header {@code "alg":"none"} and no signature; the principal claim ({@code sub} by default)
 * a string; {@code exp} required and not past; {@code iat}, if there, not in the future; every required scope
 * granted by the scope claim ({@code scope}, a string or list). Never use it where tokens matter: anyone can write
 * such a token.
 *
 * @param principalClaimName  {@code unsecuredValidatorPrincipalClaimName}; {@code sub} by default
 * @param scopeClaimName      {@code unsecuredValidatorScopeClaimName}; {@code scope} by default
 * @param requiredScope       {@code unsecuredValidatorRequiredScope}; none by default
 * @param allowableClockSkew  {@code unsecuredValidatorAllowableClockSkewMs}; zero by default
 * @param clock               the validator's "now"
 */
public record UnsecuredJwsValidator(String principalClaimName, String scopeClaimName, Set<String> requiredScope,
                                   Duration allowableClockSkew, Clock clock) implements OAuthBearerValidator {
    public UnsecuredJwsValidator {
        Objects.requireNonNull(principalClaimName, "principalClaimName");
        Objects.requireNonNull(scopeClaimName, "scopeClaimName");
        Objects.requireNonNull(allowableClockSkew, "allowableClockSkew");
        Objects.requireNonNull(clock, "clock");
        requiredScope = Set.copyOf(requiredScope);
    }

    /** Kafka's defaults: principal from {@code sub}, scope from {@code scope}, nothing required, no skew. */
    public static UnsecuredJwsValidator defaults(Clock clock) {
        return new UnsecuredJwsValidator("sub", "scope", Set.of(), Duration.ZERO, clock);
    }

    @Override
    public OAuthBearerToken validate(String compactToken) throws OAuthBearerValidationException {
        String[] parts = compactToken.split("\\.", -1);
        if (parts.length != 3) {
            throw new OAuthBearerValidationException("An unsecured JWS has three dot-separated parts; this token has "
                    + parts.length);
        }
        if (!parts[2].isEmpty()) {
            throw new OAuthBearerValidationException("An unsecured JWS has an empty signature part; this token is signed");
        }
        Map<String, Object> header = json(parts[0], "header");
        if (!"none".equals(header.get("alg"))) {
            throw new OAuthBearerValidationException("An unsecured JWS has header alg \"none\"; this one has "
                    + header.get("alg"));
        }
        Map<String, Object> claims = json(parts[1], "claims");
        if (!(claims.get(principalClaimName) instanceof String principal) || principal.isBlank()) {
            throw new OAuthBearerValidationException("The token has no string '" + principalClaimName + "' claim naming the principal");
        }
        Instant now = clock.instant();
        Instant expiresAt = time(claims, "exp");
        if (expiresAt == null) {
            throw new OAuthBearerValidationException("The token has no 'exp' (expiration time) claim");
        }
        if (!expiresAt.isAfter(now.minus(allowableClockSkew))) {
            throw new OAuthBearerValidationException("The token expired at " + expiresAt + " (now " + now + ")");
        }
        Instant issuedAt = time(claims, "iat");
        if (issuedAt != null && issuedAt.isAfter(now.plus(allowableClockSkew))) {
            throw new OAuthBearerValidationException("The token is issued in the future, at " + issuedAt + " (now " + now + ")");
        }
        if (issuedAt != null && !expiresAt.isAfter(issuedAt)) {
            throw new OAuthBearerValidationException("The token expires (" + expiresAt + ") before it is issued (" + issuedAt + ")");
        }
        Set<String> scope = scope(claims.get(scopeClaimName));
        if (!scope.containsAll(requiredScope)) {
            Set<String> missing = new HashSet<>(requiredScope);
            missing.removeAll(scope);
            throw new OAuthBearerValidationException("The token lacks the required scope " + missing);
        }
        return new OAuthBearerToken(principal, scope, expiresAt);
    }

    private static Map<String, Object> json(String base64Url, String part) throws OAuthBearerValidationException {
        try {
            return JsonReader.readObject(new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new OAuthBearerValidationException("The token's " + part + " is not base64url-encoded JSON: " + e.getMessage());
        }
    }

    private static Instant time(Map<String, Object> claims, String name) throws OAuthBearerValidationException {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof BigDecimal seconds)) {
            throw new OAuthBearerValidationException("The token's '" + name + "' claim is not a number of seconds: " + value);
        }
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }

    private static Set<String> scope(Object claim) throws OAuthBearerValidationException {
        if (claim == null) {
            return Set.of();
        }
        if (claim instanceof String text) {
            return Set.of(text.trim().split("\\s+"));
        }
        if (claim instanceof List<?> list) {
            Set<String> scope = new HashSet<>();
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new OAuthBearerValidationException("The token's scope claim lists a non-string: " + item);
                }
                scope.add(s);
            }
            return scope;
        }
        throw new OAuthBearerValidationException("The token's scope claim is neither a string nor a list");
    }
}
