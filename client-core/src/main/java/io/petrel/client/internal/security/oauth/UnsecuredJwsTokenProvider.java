package io.petrel.client.internal.security.oauth;

import io.petrel.client.ConfigException;
import io.petrel.client.OAuthBearerToken;
import io.petrel.client.OAuthBearerTokenProvider;
import io.petrel.client.Time;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kafka's unsecured JWS tokens, for development and tests only: a JWT with header {@code {"alg":"none"}}
 * and no signature, made from OAuthBearerLoginModule options as Kafka reads them:
 * {@code unsecuredLoginStringClaim_<name>="value"}, {@code unsecuredLoginNumberClaim_<name>="42"},
 * {@code unsecuredLoginListClaim_<name>=",a,b"} (the first character separates the items),
 * {@code unsecuredLoginPrincipalClaimName} (default sub, which must then be given),
 * {@code unsecuredLoginScopeClaimName} (default scope) and {@code unsecuredLoginLifetimeSeconds}
 * (default 3600). {@code iat} and {@code exp} are set from the clock. A broker accepts these only with
 * Kafka's unsecured validator (its default for OAUTHBEARER listeners without a JWKS endpoint).
 */
final class UnsecuredJwsTokenProvider implements OAuthBearerTokenProvider {
    static final String STRING_CLAIM = "unsecuredLoginStringClaim_";
    static final String NUMBER_CLAIM = "unsecuredLoginNumberClaim_";
    static final String LIST_CLAIM = "unsecuredLoginListClaim_";
    static final String PRINCIPAL_CLAIM_NAME = "unsecuredLoginPrincipalClaimName";
    static final String SCOPE_CLAIM_NAME = "unsecuredLoginScopeClaimName";
    static final String LIFETIME_SECONDS = "unsecuredLoginLifetimeSeconds";

    private final Map<String, Object> claims;
    private final String principalClaim;
    private final String scopeClaim;
    private final long lifetimeSeconds;
    private final Time time;

    private UnsecuredJwsTokenProvider(Map<String, Object> claims, String principalClaim, String scopeClaim,
                                      long lifetimeSeconds, Time time) {
        this.claims = claims;
        this.principalClaim = principalClaim;
        this.scopeClaim = scopeClaim;
        this.lifetimeSeconds = lifetimeSeconds;
        this.time = time;
    }

    /** Whether login module options ask for unsecured tokens. */
    static boolean requested(Map<String, String> options) {
        return options.keySet().stream().anyMatch(k -> k.startsWith("unsecuredLogin"));
    }

    /**
     * Reads the login module options.
     *
     * @throws ConfigException for a missing principal claim, a reserved claim, or a bad number
     */
    static UnsecuredJwsTokenProvider from(Map<String, String> options, Time time) {
        Map<String, Object> claims = new LinkedHashMap<>();
        options.forEach((name, value) -> {
            if (name.startsWith(STRING_CLAIM)) {
                claims.put(claimName(name, STRING_CLAIM), value);
            } else if (name.startsWith(NUMBER_CLAIM)) {
                claims.put(claimName(name, NUMBER_CLAIM), number(name, value));
            } else if (name.startsWith(LIST_CLAIM)) {
                claims.put(claimName(name, LIST_CLAIM), list(value));
            }
        });
        String principalClaim = options.getOrDefault(PRINCIPAL_CLAIM_NAME, "sub");
        if (!(claims.get(principalClaim) instanceof String)) {
            throw new ConfigException("Unsecured OAUTHBEARER tokens need the principal: set " + STRING_CLAIM
                    + principalClaim + "=\"name\" in sasl.jaas.config");
        }
        long lifetime = options.containsKey(LIFETIME_SECONDS) ? number(LIFETIME_SECONDS, options.get(LIFETIME_SECONDS)) : 3600;
        return new UnsecuredJwsTokenProvider(claims, principalClaim, options.getOrDefault(SCOPE_CLAIM_NAME, "scope"),
                lifetime, time);
    }

    private static String claimName(String option, String prefix) {
        String name = option.substring(prefix.length());
        if (name.isEmpty() || name.equals("iat") || name.equals("exp")) {
            throw new ConfigException("sasl.jaas.config option " + option + " names " + (name.isEmpty() ? "no claim"
                    : "the reserved claim " + name + ", which is set from the clock"));
        }
        return name;
    }

    private static long number(String option, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("sasl.jaas.config option " + option + " must be a whole number, not '" + value + "'");
        }
    }

    private static List<String> list(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        String separator = value.substring(0, 1);
        return java.util.Arrays.stream(value.substring(1).split(java.util.regex.Pattern.quote(separator)))
                .filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public OAuthBearerToken token() {
        long issuedMs = time.milliseconds();
        long issued = issuedMs / 1000;
        long expires = issued + lifetimeSeconds;
        StringBuilder payload = new StringBuilder("{\"iat\":").append(issued).append(",\"exp\":").append(expires);
        claims.forEach((name, value) -> payload.append(',').append(json(name)).append(':').append(jsonValue(value)));
        payload.append('}');
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String compact = encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8)) + ".";
        return new OAuthBearerToken(compact, expires * 1000, (String) claims.get(principalClaim), scope());
    }

    private Set<String> scope() {
        Object value = claims.get(scopeClaim);
        if (value instanceof List<?> items) {
            Set<String> out = new LinkedHashSet<>();
            items.forEach(i -> out.add(i.toString()));
            return out;
        }
        return value instanceof String s ? Set.of(s) : Set.of();
    }

    private static String jsonValue(Object value) {
        if (value instanceof Long n) {
            return n.toString();
        }
        if (value instanceof List<?> items) {
            return items.stream().map(i -> json(i.toString())).collect(java.util.stream.Collectors.joining(",", "[", "]"));
        }
        return json(value.toString());
    }

    /** A JSON string literal. */
    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return "unsecured JWS tokens for " + principalClaim + "=" + claims.get(principalClaim);
    }
}
