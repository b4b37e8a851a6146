package io.petrel.client.internal.security.oauth;

import io.petrel.client.OAuthBearerToken;
import io.petrel.client.OAuthBearerTokenProvider;
import io.petrel.client.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The OAUTHBEARER token a client's connections share: fetched from the {@link OAuthBearerTokenProvider} on
 * a thread of its own (the provider may block on HTTP; the I/O threads must not), reused until its
 * {@link TokenRefreshPolicy refresh time}, then fetched again by the next connection that needs one. One
 * fetch at a time: connections asking meanwhile share its future. When a refresh fails while the old token
 * is still valid, the old one is used (and the next connection tries again), as Kafka's login keeps its
 * credential until it expires.
 */
public final class CachedTokenSource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CachedTokenSource.class);

    private final OAuthBearerTokenProvider provider;
    private final TokenRefreshPolicy policy;
    private final Time time;
    private ExecutorService executor;
    // Guarded by this.
    private OAuthBearerToken token;
    private long refreshAtMs;
    private CompletableFuture<OAuthBearerToken> fetching;
    private boolean closed;

    public CachedTokenSource(OAuthBearerTokenProvider provider, TokenRefreshPolicy policy, Time time) {
        this.provider = provider;
        this.policy = policy;
        this.time = time;
    }

    /** A token to authenticate with now: the cached one while it is fresh, else a fetched one. */
    public synchronized CompletableFuture<OAuthBearerToken> token() {
        long now = time.milliseconds();
        if (token != null && now < refreshAtMs) {
            return CompletableFuture.completedFuture(token);
        }
        if (fetching != null) {
            return fetching;
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("The client is closed"));
        }
        CompletableFuture<OAuthBearerToken> fetch = new CompletableFuture<>();
        fetching = fetch;
        executor().execute(() -> fetch(fetch));
        return fetch;
    }

    private void fetch(CompletableFuture<OAuthBearerToken> future) {
        long started = time.milliseconds();
        OAuthBearerToken fresh = null;
        Throwable failure = null;
        try {
            fresh = provider.token();
            if (fresh == null) {
                failure = new IllegalStateException(provider + " returned no token");
            }
        } catch (Exception e) {
            failure = e;
        }
        OAuthBearerToken fallback;
        synchronized (this) {
            fetching = null;
            if (failure == null) {
                token = fresh;
                refreshAtMs = policy.refreshAtMs(started, fresh.expiresAtMs(), ThreadLocalRandom.current()::nextDouble);
                log.debug("OAUTHBEARER token for {} fetched; expires at {}, refreshed from {}", fresh.principalName(),
                        fresh.expiresAtMs(), refreshAtMs);
            }
            fallback = failure != null && token != null && time.milliseconds() < token.expiresAtMs() ? token : null;
        }
        if (failure == null) {
            future.complete(fresh);
        } else if (fallback != null) {
            log.warn("Refreshing the OAUTHBEARER token failed ({}); using the current one until it expires",
                    failure.toString());
            future.complete(fallback);
        } else {
            future.completeExceptionally(failure);
        }
    }

    private ExecutorService executor() {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "petrel-oauth-token");
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
