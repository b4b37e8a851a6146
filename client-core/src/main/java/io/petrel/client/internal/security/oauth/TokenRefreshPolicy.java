package io.petrel.client.internal.security.oauth;

import java.util.function.DoubleSupplier;

/**
 * When a token is due for a refresh, by Kafka's sasl.login.refresh.* rules: after
 * {@code window.factor} (+ up to {@code window.jitter}) of its lifetime, but at least
 * {@code buffer.seconds} before it expires and no sooner than {@code min.period.seconds} after it was
 * fetched, and never after it expires.
 *
 * @param windowFactor     sasl.login.refresh.window.factor
 * @param windowJitter     sasl.login.refresh.window.jitter
 * @param minPeriodSeconds sasl.login.refresh.min.period.seconds
 * @param bufferSeconds    sasl.login.refresh.buffer.seconds
 */
public record TokenRefreshPolicy(double windowFactor, double windowJitter, int minPeriodSeconds, int bufferSeconds) {

    /** Kafka's defaults. */
    public static final TokenRefreshPolicy DEFAULT = new TokenRefreshPolicy(0.8, 0.05, 60, 300);

    /** The epoch millisecond at which a token fetched at {@code fetchedMs} and expiring at {@code expiresMs} is refreshed. */
    long refreshAtMs(long fetchedMs, long expiresMs, DoubleSupplier random) {
        long lifetime = Math.max(0, expiresMs - fetchedMs);
        long refresh = fetchedMs + (long) (lifetime * (windowFactor + windowJitter * random.getAsDouble()));
        refresh = Math.min(refresh, expiresMs - bufferSeconds * 1000L);
        refresh = Math.max(refresh, fetchedMs + minPeriodSeconds * 1000L);
        return Math.min(refresh, expiresMs);
    }
}
