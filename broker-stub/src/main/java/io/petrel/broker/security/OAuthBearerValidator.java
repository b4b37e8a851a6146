package io.petrel.broker.security;

/**
 * Checks the bearer token an OAUTHBEARER client presents. The default, {@link UnsecuredJwsValidator}, accepts
 * Kafka's unsecured test tokens ({@code alg: none}); a test that needs real JWTs plugs in its own.
 */
@FunctionalInterface
public interface OAuthBearerValidator {
    /**
     * The token's principal, scope and expiry.
     *
     * @param compactToken the token as the client sent it (for a JWT: {@code header.payload.signature})
     * @throws OAuthBearerValidationException if the token is not valid; the message says why
     */
    OAuthBearerToken validate(String compactToken) throws OAuthBearerValidationException;
}
