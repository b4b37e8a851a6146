package io.petrel.client.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Waits that double with each consecutive failure, from an initial value up to a maximum, each spread by
 * random jitter so that many clients failing at once do not retry in lockstep. Used for reconnects
 * (reconnect.backoff.ms / .max.ms), connection setup timeouts and metadata retries (retry.backoff.ms /
 * .max.ms).
 *
 * <p>After {@code n} failures the wait is {@code initial * 2^(n-1)}, times a random factor in
 * {@code [1 - jitter, 1 + jitter]}, then clamped to {@code [initial, max]}. Stateless and thread-safe.
 */
public final class ExponentialBackoff {
    /** The jitter Kafka's clients use. */
    public static final double DEFAULT_JITTER = 0.2;

    private final long initialMs;
    private final long maxMs;
    private final double jitter;
    private final DoubleSupplier random;

    /**
     * @param initialMs the wait after the first failure
     * @param maxMs     the longest wait; raised to {@code initialMs} if smaller, as Kafka does
     * @param jitter    the relative spread, 0 for none
     * @param random    uniform values in [0, 1)
     */
    public ExponentialBackoff(long initialMs, long maxMs, double jitter, DoubleSupplier random) {
        if (initialMs < 0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("Bad backoff: initial " + initialMs + " ms, jitter " + jitter);
        }
        this.initialMs = initialMs;
        this.maxMs = Math.max(initialMs, maxMs);
        this.jitter = jitter;
        this.random = random;
    }

    /** A backoff with Kafka's jitter and a thread-local random source. */
    public ExponentialBackoff(long initialMs, long maxMs) {
        this(initialMs, maxMs, DEFAULT_JITTER, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The wait after {@code failures} consecutive failures; 0 when there were none. */
    public long backoffMs(int failures) {
        if (failures <= 0 || initialMs == 0) {
            return 0;
        }
        int exponent = Math.min(failures - 1, 62);
        double term = initialMs * Math.pow(2, exponent);
        double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
        double jittered = Math.min(term, maxMs) * factor;
        return Math.max(initialMs, Math.min(maxMs, Math.round(jittered)));
    }

    public long initialMs() {
        return initialMs;
    }

    public long maxMs() {
        return maxMs;
    }
}
