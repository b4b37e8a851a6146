package io.petrel.client.internal.security.oauth;

import com.sun.net.httpserver.HttpServer;
import io.petrel.client.ConfigException;
import io.petrel.client.OAuthBearerToken;
import io.petrel.client.Password;
import io.petrel.client.Time;
import io.petrel.testsupport.ManualClock;
import org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerClientInitialResponse;
import org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredJws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OAuthTokensTest {
    private HttpServer http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    void unsecuredTokensAreWhatKafkasUnsecuredValidatorParses() {
        ManualClock clock = new ManualClock();
        Time time = manual(clock);
        UnsecuredJwsTokenProvider provider = UnsecuredJwsTokenProvider.from(Map.of(
                "unsecuredLoginStringClaim_sub", "alice", "unsecuredLoginListClaim_scope", ",read,write",
                "unsecuredLoginNumberClaim_level", "3", "unsecuredLoginLifetimeSeconds", "600"), time);
        OAuthBearerToken token = provider.token();
        OAuthBearerUnsecuredJws kafka = new OAuthBearerUnsecuredJws(token.value(), "sub", "scope");
        assertEquals("alice", kafka.principalName());
        assertEquals(Set.of("read", "write"), kafka.scope());
        assertEquals(time.milliseconds() / 1000 * 1000 + 600_000, kafka.lifetimeMs());
        assertEquals(kafka.lifetimeMs(), token.expiresAtMs());
        assertEquals("none", kafka.header().get("alg"));
        assertFalse(token.toString().contains(token.value()), token.toString());
    }

    @Test
    void theInitialResponseIsWhatKafkasServerReads() throws Exception {
        OAuthBearerToken token = new OAuthBearerToken("header.payload.", 1L, "alice", Set.of());
        io.petrel.client.internal.security.sasl.SaslMechanismClient client = oauthClient(token,
                Map.of("logicalCluster", "lkc-1"));
        OAuthBearerClientInitialResponse parsed = new OAuthBearerClientInitialResponse(client.initialResponse().join());
        assertEquals("header.payload.", parsed.tokenValue());
        assertEquals(Map.of("logicalCluster", "lkc-1"), parsed.extensions().map());
    }

    @Test
    void clientCredentialsPostsTheGrantWithBasicAuthAndReadsTheJwt() throws Exception {
        String jwt = jwt("{\"sub\":\"svc-app\",\"exp\":1900000000,\"scope\":\"kafka read\"}");
        List<String> requests = new CopyOnWriteArrayList<>();
        serve(exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 200, "{\"access_token\":\"" + jwt + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        });
        OAuthBearerToken token = provider("app id", "s3cr:et", "kafka", false).token();
        assertEquals(jwt, token.value());
        assertEquals("svc-app", token.principalName());
        assertEquals(1_900_000_000_000L, token.expiresAtMs());
        assertEquals(Set.of("kafka", "read"), token.scope());
        String basic = "Basic " + Base64.getEncoder().encodeToString("app id:s3cr:et".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("POST " + basic + " application/x-www-form-urlencoded grant_type=client_credentials&scope=kafka"),
                requests);
    }

    @Test
    void urlEncodedHeaderCredentialsWhenAsked() throws Exception {
        List<String> auth = new CopyOnWriteArrayList<>();
        serve(exchange -> {
            auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, 200, "{\"access_token\":\"" + jwt("{\"sub\":\"s\",\"exp\":1900000000}") + "\"}");
        });
        provider("app id", "s3cr:et", null, true).token();
        assertEquals("Basic " + Base64.getEncoder().encodeToString("app+id:s3cr%3Aet".getBytes(StandardCharsets.UTF_8)),
                auth.get(0));
    }

    @Test
    void aRefusalFailsAtOnceWithTheEndpointsErrorButNotTheSecret() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        serve(exchange -> {
            calls.incrementAndGet();
            respond(exchange, 401, "{\"error\":\"invalid_client\"}");
        });
        IOException e = assertThrows(IOException.class, () -> provider("app", "wrong-secret", null, false).token());
        assertTrue(e.getMessage().contains("401") && e.getMessage().contains("invalid_client"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret"), e.getMessage());
        assertEquals(1, calls.get(), "a 4xx answer is not retried");
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        serve(exchange -> {
            if (calls.incrementAndGet() < 3) {
                respond(exchange, 503, "busy");
            } else {
                respond(exchange, 200, "{\"access_token\":\"" + jwt("{\"sub\":\"s\",\"exp\":1900000000}") + "\"}");
            }
        });
        assertEquals("s", provider("app", "secret", null, false).token().principalName());
        assertEquals(3, calls.get());
    }

    @Test
    void theCacheReusesATokenUntilItsRefreshTimeThenFetchesAgain() {
        ManualClock clock = new ManualClock();
        Time time = manual(clock);
        AtomicInteger fetches = new AtomicInteger();
        CachedTokenSource source = new CachedTokenSource(() -> {
            fetches.incrementAndGet();
            return new OAuthBearerToken("t" + fetches.get(), time.milliseconds() + 3_600_000, "alice", Set.of());
        }, new TokenRefreshPolicy(0.8, 0.0, 60, 300), time);
        try (source) {
            OAuthBearerToken first = source.token().join();
            assertSame(first, source.token().join());
            clock.advance(Duration.ofMinutes(47)); // 78% of the hour
            assertSame(first, source.token().join());
            clock.advance(Duration.ofMinutes(2)); // 82%: past the 80% window
            OAuthBearerToken second = source.token().join();
            assertNotSame(first, second);
            assertEquals(2, fetches.get());
        }
    }

    @Test
    void aFailedRefreshKeepsTheValidTokenButAFailedFirstFetchFails() {
        ManualClock clock = new ManualClock();
        Time time = manual(clock);
        AtomicInteger fetches = new AtomicInteger();
        CachedTokenSource source = new CachedTokenSource(() -> {
            if (fetches.incrementAndGet() > 1) {
                throw new IOException("identity provider down");
            }
            return new OAuthBearerToken("t", time.milliseconds() + 600_000, "alice", Set.of());
        }, TokenRefreshPolicy.DEFAULT, time);
        try (source) {
            OAuthBearerToken first = source.token().join();
            clock.advance(Duration.ofMinutes(9));
            assertSame(first, source.token().join(), "still valid for a minute: used while the refresh fails");
            clock.advance(Duration.ofMinutes(2));
            assertThrows(java.util.concurrent.CompletionException.class, () -> source.token().join());
        }
    }

    @Test
    void refreshPolicyFollowsKafkasRules() {
        TokenRefreshPolicy policy = new TokenRefreshPolicy(0.8, 0.05, 60, 300);
        assertEquals(2_880_000, policy.refreshAtMs(0, 3_600_000, () -> 0.0));
        assertEquals(3_060_000, policy.refreshAtMs(0, 3_600_000, () -> 1.0));
        assertEquals(60_000, policy.refreshAtMs(0, 120_000, () -> 0.0), "not sooner than the minimum period");
        assertEquals(30_000, policy.refreshAtMs(0, 30_000, () -> 0.0), "never after expiry");
        assertEquals(700_000, policy.refreshAtMs(0, 1_000_000, () -> 0.0), "at least the buffer before expiry");
    }

    @Test
    void extensionsAreChecked() {
        ConfigException e = assertThrows(ConfigException.class, () -> OAuthLogin.from(
                io.petrel.client.internal.config.CommonClientConfigs.SPEC.parse(Map.of("bootstrap.servers", "a:1")),
                io.petrel.protocol.sasl.JaasConfig.parse("k", "x.OAuthBearerLoginModule required "
                        + "unsecuredLoginStringClaim_sub=\"a\" unsecuredLoginExtension_auth=\"x\";")));
        assertTrue(e.getMessage().contains("unsecuredLoginExtension_auth"), e.getMessage());
    }

    // ---- helpers ----

    private static Time manual(ManualClock clock) {
        return Time.of(clock, clock::nanoTime, clock::sleep);
    }

    private static io.petrel.client.internal.security.sasl.SaslMechanismClient oauthClient(OAuthBearerToken token,
                                                                                         Map<String, String> extensions) {
        OAuthLogin login = OAuthLogin.of(() -> token, TokenRefreshPolicy.DEFAULT, extensions);
        io.petrel.client.internal.security.sasl.SaslSettings settings = new io.petrel.client.internal.security.sasl
                .SaslSettings(io.petrel.client.internal.security.sasl.SaslMechanism.OAUTHBEARER, null, null, Map.of(), login);
        return new io.petrel.client.internal.security.sasl.SaslClientFactory(settings, manual(new ManualClock())).newClient();
    }

    private void serve(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/token", handler);
        http.start();
    }

    private ClientCredentialsTokenProvider provider(String id, String secret, String scope, boolean urlEncode) {
        URI url = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/token");
        return new ClientCredentialsTokenProvider(new ClientCredentialsTokenProvider.Endpoint(url, id, new Password(secret),
                scope, urlEncode, Duration.ofSeconds(5), Duration.ofSeconds(5), 10, 200, "scope", "sub"), manual(new ManualClock()));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
