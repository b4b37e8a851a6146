package io.petrel.client.internal.security.oauth;

import io.petrel.client.OAuthBearerToken;
import io.petrel.client.OAuthBearerTokenProvider;
import io.petrel.client.Password;
import io.petrel.client.Time;
import io.petrel.client.internal.ExponentialBackoff;
import io.petrel.protocol.sasl.JsonReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Kafka's default OIDC login: the OAuth 2 client-credentials grant (RFC 6749 section 4.4) against
 * sasl.oauthbearer.token.endpoint.url, over the JDK's HttpClient. The request is a form POST of
 * {@code grant_type=client_credentials} (and {@code scope} when set) with HTTP Basic authentication of the
 * client id and secret (each URL-encoded first when sasl.oauthbearer.header.urlencode is true); the
 * answer's {@code access_token} is the token. Its expiry and principal come from its JWT claims (exp and
 * sasl.oauthbearer.sub.claim.name), or, for an opaque token, from {@code expires_in} and the client id.
 *
 * <p>A {@code file:} URL reads a token from that file instead, as Kafka does. Failed connections and 5xx
 * answers are retried with backoff (sasl.login.retry.backoff.ms growing to sasl.login.retry.backoff.max.ms,
 * for as long as the waits add up to the max); a 4xx answer (a wrong secret) fails at once with the
 * endpoint's status and error. Messages never include the secret or the token.
 */
final class ClientCredentialsTokenProvider implements OAuthBearerTokenProvider {
    private static final Logger log = LoggerFactory.getLogger(ClientCredentialsTokenProvider.class);
    private static final int MAX_ERROR_BODY = 300;

    /** Where and how to ask for tokens. */
    record Endpoint(URI url, String clientId, Password clientSecret, String scope, boolean urlEncodeHeader,
                    Duration connectTimeout, Duration readTimeout, long retryBackoffMs, long retryBackoffMaxMs,
                    String scopeClaim, String subClaim) {
        @Override
        public String toString() {
            return "token endpoint " + url + " for client " + clientId;
        }
    }

    private final Endpoint endpoint;
    private final Time time;
    private volatile HttpClient http;

    ClientCredentialsTokenProvider(Endpoint endpoint, Time time) {
        this.endpoint = endpoint;
        this.time = time;
    }

    @Override
    public OAuthBearerToken token() throws IOException, InterruptedException {
        if ("file".equalsIgnoreCase(endpoint.url().getScheme())) {
            return parseToken(Files.readString(Path.of(endpoint.url())).trim(), null);
        }
        ExponentialBackoff backoff = new ExponentialBackoff(endpoint.retryBackoffMs(), endpoint.retryBackoffMaxMs());
        long waited = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return requestToken();
            } catch (RetriableEndpointException e) {
                long wait = backoff.backoffMs(attempt);
                if (waited + wait > endpoint.retryBackoffMaxMs()) {
                    throw new IOException("The token endpoint " + endpoint.url() + " failed " + attempt
                            + " time(s); last: " + e.getMessage(), e);
                }
                log.warn("Token request to {} failed ({}); retrying in {} ms", endpoint.url(), e.getMessage(), wait);
                time.sleep(wait);
                waited += wait;
            }
        }
    }

    private OAuthBearerToken requestToken() throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (endpoint.scope() != null && !endpoint.scope().isEmpty()) {
            form.append("&scope=").append(URLEncoder.encode(endpoint.scope(), StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint.url())
                .timeout(endpoint.readTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", basicAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RetriableEndpointException(e.toString(), e);
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw new RetriableEndpointException("HTTP " + status + ": " + excerpt(response.body()), null);
        }
        if (status != 200) {
            throw new IOException("The token endpoint " + endpoint.url() + " refused client " + endpoint.clientId()
                    + ": HTTP " + status + ": " + excerpt(response.body()));
        }
        return fromResponse(response.body());
    }

    private String basicAuthorization() {
        String id = endpoint.clientId();
        String secret = endpoint.clientSecret().value();
        if (endpoint.urlEncodeHeader()) {
            id = URLEncoder.encode(id, StandardCharsets.UTF_8);
            secret = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        }
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private HttpClient client() {
        HttpClient client = http;
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(endpoint.connectTimeout()).build();
            http = client;
        }
        return client;
    }

    private OAuthBearerToken fromResponse(String body) throws IOException {
        Map<String, Object> json;
        try {
            json = JsonReader.readObject(body);
        } catch (IllegalArgumentException e) {
            throw new IOException("The token endpoint " + endpoint.url() + " did not answer a JSON object: "
                    + e.getMessage());
        }
        if (!(json.get("access_token") instanceof String token) || token.isEmpty()) {
            throw new IOException("The token endpoint " + endpoint.url() + " answered without an access_token");
        }
        Long expiresIn = json.get("expires_in") instanceof BigDecimal n ? n.longValue() : null;
        return parseToken(token, expiresIn);
    }

    private OAuthBearerToken parseToken(String token, Long expiresInSeconds) throws IOException {
        try {
            return JwtClaims.of(token).token(token, endpoint.scopeClaim(), endpoint.subClaim());
        } catch (IllegalArgumentException e) {
            if (expiresInSeconds == null) {
                throw new IOException("The token from " + endpoint.url() + " cannot be used: " + e.getMessage());
            }
            log.debug("Token from {} is not a readable JWT ({}); using expires_in", endpoint.url(), e.getMessage());
            String scope = endpoint.scope() == null ? "" : endpoint.scope();
            return new OAuthBearerToken(token, time.milliseconds() + expiresInSeconds * 1000, endpoint.clientId(),
                    scope.isEmpty() ? Set.of() : Set.of(scope.split("\\s+")));
        }
    }

    private static String excerpt(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_ERROR_BODY ? oneLine : oneLine.substring(0, MAX_ERROR_BODY) + "...";
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }

    /** A connection failure or 5xx: worth asking again. */
    private static final class RetriableEndpointException extends IOException {
        private static final long serialVersionUID = 1L;

        RetriableEndpointException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
