package io.petrel.client.internal.security.oauth;

import io.petrel.client.ConfigException;
import io.petrel.client.OAuthBearerTokenProvider;
import io.petrel.client.Password;
import io.petrel.client.Time;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.config.ConfiguredInstance;
import io.petrel.client.internal.config.SecurityConfigs;
import io.petrel.protocol.sasl.JaasConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a client logs in with SASL/OAUTHBEARER: where its tokens come from, when they are refreshed, and
 * the SASL extensions sent with them. Chosen from the settings as Kafka chooses its login callback handler:
 *
 * <ol>
 *   <li>{@code sasl.oauthbearer.token.provider.class} (Petrel's own) names an {@link OAuthBearerTokenProvider};</li>
 *   <li>{@code sasl.login.callback.handler.class} names Kafka's OIDC handler (OAuthBearerLoginCallbackHandler),
 *       or {@code sasl.oauthbearer.token.endpoint.url} is set: the client-credentials flow, with clientId,
 *       clientSecret and scope from sasl.jaas.config or the sasl.oauthbearer.client.credentials.* keys;</li>
 *   <li>sasl.jaas.config has {@code unsecuredLogin*} options (or names Kafka's unsecured handler): unsecured
 *       JWS tokens for tests.</li>
 * </ol>
 *
 * SASL extensions come from {@code extension_<name>} options (Confluent Cloud's logicalCluster and
 * identityPoolId, say) or, for unsecured tokens, {@code unsecuredLoginExtension_<name>}.
 */
public final class OAuthLogin {
    private static final String KAFKA_OIDC_HANDLER = "OAuthBearerLoginCallbackHandler";
    private static final String KAFKA_UNSECURED_HANDLER = "OAuthBearerUnsecuredLoginCallbackHandler";
    private static final Pattern EXTENSION_NAME = Pattern.compile("[A-Za-z]+");
    private static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final String description;
    private final Function<Time, OAuthBearerTokenProvider> providers;
    private final TokenRefreshPolicy refreshPolicy;
    private final Map<String, String> extensions;

    private OAuthLogin(String description, Function<Time, OAuthBearerTokenProvider> providers,
                       TokenRefreshPolicy refreshPolicy, Map<String, String> extensions) {
        this.description = description;
        this.providers = providers;
        this.refreshPolicy = refreshPolicy;
        this.extensions = Map.copyOf(extensions);
    }

    /** A login with a given provider (tests, and the typed builder setter). */
    public static OAuthLogin of(OAuthBearerTokenProvider provider, TokenRefreshPolicy policy, Map<String, String> extensions) {
        return new OAuthLogin(String.valueOf(provider), time -> provider, policy, extensions);
    }

    /**
     * Reads the OAUTHBEARER settings.
     *
     * @param login the parsed sasl.jaas.config, or null when not set
     * @throws ConfigException when no token source is configured or its settings are incomplete
     */
    public static OAuthLogin from(ConfigValues values, JaasConfig login) {
        Map<String, String> options = login == null ? Map.of() : login.options();
        TokenRefreshPolicy policy = new TokenRefreshPolicy(values.get(SecurityConfigs.SASL_LOGIN_REFRESH_WINDOW_FACTOR),
                values.get(SecurityConfigs.SASL_LOGIN_REFRESH_WINDOW_JITTER),
                values.get(SecurityConfigs.SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS),
                values.get(SecurityConfigs.SASL_LOGIN_REFRESH_BUFFER_SECONDS));
        Object plugged = values.get(SecurityConfigs.SASL_OAUTHBEARER_TOKEN_PROVIDER_CLASS);
        if (plugged != null) {
            OAuthBearerTokenProvider provider = (OAuthBearerTokenProvider) ConfiguredInstance.of(plugged,
                    SecurityConfigs.SASL_OAUTHBEARER_TOKEN_PROVIDER_CLASS.name());
            if (plugged instanceof Class<?>) {
                provider.configure(values.originals());
            }
            return new OAuthLogin(provider.getClass().getName(), time -> provider, policy, extensions(options, "extension_"));
        }
        String handler = values.get(SecurityConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS);
        String endpoint = values.get(SecurityConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL);
        if (handler != null && !handler.endsWith("." + KAFKA_OIDC_HANDLER) && !handler.endsWith("." + KAFKA_UNSECURED_HANDLER)) {
            throw new ConfigException("Invalid value " + handler + " for configuration "
                    + SecurityConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS.name() + ": Petrel cannot run Kafka callback "
                    + "handlers; implement io.petrel.client.OAuthBearerTokenProvider and name it in "
                    + SecurityConfigs.SASL_OAUTHBEARER_TOKEN_PROVIDER_CLASS.name());
        }
        boolean unsecuredHandler = handler != null && handler.endsWith("." + KAFKA_UNSECURED_HANDLER);
        if (!unsecuredHandler && (endpoint != null || handler != null)) {
            return clientCredentials(values, options, endpoint, policy);
        }
        if (unsecuredHandler || UnsecuredJwsTokenProvider.requested(options)) {
            UnsecuredJwsTokenProvider.from(options, Time.SYSTEM); // checks the options now, not at the first connection
            return new OAuthLogin("unsecured JWS tokens", time -> UnsecuredJwsTokenProvider.from(options, time), policy,
                    extensions(options, "unsecuredLoginExtension_"));
        }
        throw new ConfigException("sasl.mechanism=OAUTHBEARER needs a token source: "
                + SecurityConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL.name() + " with clientId and clientSecret in "
                + "sasl.jaas.config (OIDC client credentials), unsecuredLoginStringClaim_sub=\"name\" in sasl.jaas.config "
                + "(unsecured test tokens), or " + SecurityConfigs.SASL_OAUTHBEARER_TOKEN_PROVIDER_CLASS.name());
    }

    private static OAuthLogin clientCredentials(ConfigValues values, Map<String, String> options, String endpoint,
                                                TokenRefreshPolicy policy) {
        if (endpoint == null) {
            throw new ConfigException("Kafka's OAuthBearerLoginCallbackHandler needs "
                    + SecurityConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL.name());
        }
        URI url = endpointUrl(endpoint);
        boolean file = "file".equalsIgnoreCase(url.getScheme());
        String clientId = firstSet(options.get("clientId"), values.get(SecurityConfigs.SASL_OAUTHBEARER_CLIENT_ID));
        Password secret = options.containsKey("clientSecret") ? new Password(options.get("clientSecret"))
                : values.get(SecurityConfigs.SASL_OAUTHBEARER_CLIENT_SECRET);
        if (!file && (clientId == null || secret == null)) {
            throw new ConfigException("The OAuth client-credentials flow needs a client id and secret: clientId and "
                    + "clientSecret in sasl.jaas.config, or " + SecurityConfigs.SASL_OAUTHBEARER_CLIENT_ID.name() + " and "
                    + SecurityConfigs.SASL_OAUTHBEARER_CLIENT_SECRET.name() + "; " + (clientId == null ? "the id" : "the secret")
                    + " is missing");
        }
        String scope = firstSet(options.get("scope"), values.get(SecurityConfigs.SASL_OAUTHBEARER_SCOPE));
        ClientCredentialsTokenProvider.Endpoint spec = new ClientCredentialsTokenProvider.Endpoint(url, clientId, secret,
                scope, values.get(SecurityConfigs.SASL_OAUTHBEARER_HEADER_URLENCODE),
                millis(values.get(SecurityConfigs.SASL_LOGIN_CONNECT_TIMEOUT_MS)),
                millis(values.get(SecurityConfigs.SASL_LOGIN_READ_TIMEOUT_MS)),
                values.get(SecurityConfigs.SASL_LOGIN_RETRY_BACKOFF_MS), values.get(SecurityConfigs.SASL_LOGIN_RETRY_BACKOFF_MAX_MS),
                values.get(SecurityConfigs.SASL_OAUTHBEARER_SCOPE_CLAIM_NAME),
                values.get(SecurityConfigs.SASL_OAUTHBEARER_SUB_CLAIM_NAME));
        return new OAuthLogin(spec.toString(), time -> new ClientCredentialsTokenProvider(spec, time), policy,
                extensions(options, "extension_"));
    }

    private static URI endpointUrl(String endpoint) {
        try {
            URI url = new URI(endpoint);
            String scheme = Objects.requireNonNullElse(url.getScheme(), "").toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
                throw new URISyntaxException(endpoint, "expected an https, http or file URL");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new ConfigException("Invalid value " + endpoint + " for configuration "
                    + SecurityConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL.name() + ": " + e.getReason());
        }
    }

    private static Duration millis(Integer ms) {
        return ms == null ? DEFAULT_HTTP_TIMEOUT : Duration.ofMillis(ms);
    }

    private static String firstSet(String a, String b) {
        return a != null ? a : b;
    }

    /** SASL extensions from options named {@code prefix + name}, checked as Kafka checks them. */
    private static Map<String, String> extensions(Map<String, String> options, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((option, value) -> {
            if (!option.startsWith(prefix)) {
                return;
            }
            String name = option.substring(prefix.length());
            if (!EXTENSION_NAME.matcher(name).matches() || name.equals("auth")) {
                throw new ConfigException("sasl.jaas.config option " + option + ": a SASL extension name must be "
                        + "letters only and not 'auth'");
            }
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\r' && c != '\n')) {
                throw new ConfigException("sasl.jaas.config option " + option + " holds a control character");
            }
            out.put(name, value);
        });
        return out;
    }

    /** A new token source for one client; close it with the client. */
    public CachedTokenSource newTokenSource(Time time) {
        return new CachedTokenSource(providers.apply(time), refreshPolicy, time);
    }

    /** SASL extensions to send with every token. */
    public Map<String, String> extensions() {
        return extensions;
    }

    @Override
    public String toString() {
        return "OAuthLogin[" + description + ", extensions " + extensions.keySet() + "]";
    }
}
