package io.petrel.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits until a condition holds, with a deadline, instead of sleeping a guessed time.
 *
 * <pre>{@code
 * Await.until("the member to join", () -> member.joined());
 * Await.until(Duration.ofSeconds(60), () -> "3000 acks, have " + acked.size(), () -> acked.size() >= 3000);
 * }</pre>
 *
 * <p>The condition is checked at once, then after pauses that start at 1 ms and double up to 20 ms, so a condition
 * that holds within microseconds costs no more than that and a long wait does not spin. At the deadline the wait
 * fails with an {@link AssertionError} (a test failure under any framework) naming what was awaited and how long;
 * the description is computed only then, so it can show the state at the deadline. An interrupt ends the wait with
 * an {@link IllegalStateException} and leaves the thread's interrupt flag set.
 */
public final class Await {
    /** How long the overloads without a limit wait. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(10);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /** Waits up to {@link #DEFAULT_LIMIT} until {@code condition} holds. */
    public static void until(String what, BooleanSupplier condition) {
        until(DEFAULT_LIMIT, () -> what, condition);
    }

    /** Waits up to {@link #DEFAULT_LIMIT}; at the deadline the failure shows {@code what}'s view of the state. */
    public static void until(Supplier<String> what, BooleanSupplier condition) {
        until(DEFAULT_LIMIT, what, condition);
    }

    /** Waits up to {@code limit} until {@code condition} holds. */
    public static void until(Duration limit, String what, BooleanSupplier condition) {
        until(limit, () -> what, condition);
    }

    /**
     * Waits up to {@code limit} until {@code condition} holds; at the deadline fails with {@code what} (computed
     * then) and the time waited.
     */
    public static void until(Duration limit, Supplier<String> what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start >= limit.toNanos()) {
                throw new AssertionError("Gave up after " + limit.toMillis() + " ms waiting for " + what.get());
            }
            LockSupport.parkNanos(pause);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what.get());
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }
}
