package io.petrel.client;

import java.util.Map;

/**
 * Where a client gets its SASL/OAUTHBEARER tokens. Petrel calls {@link #token()} off its I/O threads (it
 * may block on an HTTP call), when a connection needs a token and the last one is within its refresh
 * window (sasl.login.refresh.window.factor of its lifetime, as Kafka), and reuses a token across
 * connections until then.
 *
 * <p>Built in: Kafka's OIDC client-credentials flow (sasl.oauthbearer.token.endpoint.url with clientId and
 * clientSecret in sasl.jaas.config) and Kafka's unsecured JWS tokens for tests
 * ({@code unsecuredLoginStringClaim_sub="alice"}). Plug in another with the setting
 * {@code sasl.oauthbearer.token.provider.class} (a class with a public no-argument constructor, or an
 * instance) or {@code ClientSecurity#oauthBearer}.
 */
@FunctionalInterface
public interface OAuthBearerTokenProvider {

    /**
     * A fresh token.
     *
     * @throws Exception when none can be had; the connection that needed it fails with a
     *                   {@link SaslAuthenticationException} naming this cause
     */
    OAuthBearerToken token() throws Exception;

    /** Receives the client's settings as given, when the provider was named by class. */
    default void configure(Map<String, ?> settings) {
    }
}
