/**
 * Where SASL/OAUTHBEARER tokens come from: {@code OAuthLogin} picks the source as Kafka picks its login callback
 * handler (a pluggable {@link io.petrel.client.OAuthBearerTokenProvider}, the OIDC client-credentials flow of
 * {@code ClientCredentialsTokenProvider}, or Kafka's unsecured test tokens from
 * {@code UnsecuredJwsTokenProvider}); {@code CachedTokenSource} shares a token between connections and fetches
 * a new one off the I/O threads by {@code TokenRefreshPolicy}. {@code JsonReader} and {@code JwtClaims} read
 * the endpoint's answer and a token's claims.
 */
package io.petrel.client.internal.security.oauth;
