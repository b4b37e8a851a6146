/**
 * Where SASL/OAUTHBEARER tokens come from: {@code OAuthLogin} picks the source as Kafka picks its login callback
 * handler (a pluggable {@link io.petrel.client.OAuthBearerTokenProvider}, the OIDC client-credentials flow of
 * {@code ClientCredentialsTokenProvider}, or Kafka's unsecured test tokens from
 * {@code UnsecuredJwsTokenProvider}); {@code CachedTokenSource} shares a token between connections and fetches
 * a new one off the I/O threads by {@code TokenRefreshPolicy}. {@code JwtClaims} reads a token's claims (with
 * protocol's {@code JsonReader}, as the endpoint's answer).
 */
package io.petrel.client.internal.security.oauth;
