package io.petrel.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test advances it: wall time ({@link Clock#instant}, {@link Clock#millis}) and a
 * monotonic nanosecond counter ({@link #nanoTime}, as {@link System#nanoTime}) move together, so timeouts, linger,
 * backoff, retention and session expiry are tested without sleeping.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * Time time = Time.of(clock, clock::nanoTime, clock::sleep);                    // a Petrel client's Time
 * BrokerConfig config = BrokerConfig.builder().clock(clock).nanoTime(clock::nanoTime).build();   // broker-stub
 * clock.advance(Duration.ofMillis(5));                                          // both move 5 ms
 * }</pre>
 *
 * <p>It starts at {@link #DEFAULT_START} with a nanosecond counter of {@link #DEFAULT_START_NANO_TIME} (not zero,
 * as System.nanoTime is not, so code mistaking 0 for "unset" shows up) unless told otherwise. {@link #advance}
 * never goes back; {@link #stepWallClock} moves the wall time alone, either way, to show that elapsed time is
 * measured on the counter. It is safe to read and advance from several threads.
 */
public final class ManualClock extends Clock {
    /** Where the wall time starts by default: 1 700 000 000 000 ms after the epoch (2023-11-14T22:13:20Z). */
    public static final Instant DEFAULT_START = Instant.ofEpochMilli(1_700_000_000_000L);
    /** Where the nanosecond counter starts by default: one second. */
    public static final long DEFAULT_START_NANO_TIME = 1_000_000_000L;

    private final Instant start;
    private final long startNanoTime;
    /** Nanoseconds advanced since the start, shared by the clock and its {@link #withZone} views. */
    private final AtomicLong elapsedNanos;
    /** How far the wall time was stepped apart from the counter ({@link #stepWallClock}), shared likewise. */
    private final AtomicLong wallStepNanos;
    private final ZoneId zone;

    /** A clock at {@link #DEFAULT_START} and {@link #DEFAULT_START_NANO_TIME}, in UTC. */
    public ManualClock() {
        this(DEFAULT_START, DEFAULT_START_NANO_TIME);
    }

    /** A clock at {@code start} whose nanosecond counter reads {@link #DEFAULT_START_NANO_TIME}, in UTC. */
    public ManualClock(Instant start) {
        this(start, DEFAULT_START_NANO_TIME);
    }

    /** A clock at {@code start} whose nanosecond counter reads {@code startNanoTime}, in UTC. */
    public ManualClock(Instant start, long startNanoTime) {
        this(Objects.requireNonNull(start, "start"), startNanoTime, new AtomicLong(), new AtomicLong(), ZoneOffset.UTC);
    }

    private ManualClock(Instant start, long startNanoTime, AtomicLong elapsedNanos, AtomicLong wallStepNanos,
                        ZoneId zone) {
        this.start = start;
        this.startNanoTime = startNanoTime;
        this.elapsedNanos = elapsedNanos;
        this.wallStepNanos = wallStepNanos;
        this.zone = zone;
    }

    /** Moves wall time and the nanosecond counter forward by {@code by} (zero is allowed, negative is not). */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("A manual clock only moves forward; cannot advance by " + by);
        }
        elapsedNanos.addAndGet(by.toNanos());
    }

    /**
     * What waiting {@code millis} milliseconds on this clock amounts to: it moves on by that much at once (nothing
     * for zero or less), so code that backs off through a sleep never blocks a test. Pass {@code clock::sleep}
     * where a client's Time wants to sleep.
     */
    public void sleep(long millis) {
        if (millis > 0) {
            advance(Duration.ofMillis(millis));
        }
    }

    /**
     * Moves the wall time only, forward or back, as an NTP step or a changed system clock does: {@link #nanoTime}
     * stays, so code that measures elapsed time on the counter must not notice.
     */
    public void stepWallClock(Duration by) {
        wallStepNanos.addAndGet(by.toNanos());
    }

    /** The monotonic counter, as {@link System#nanoTime} would read: pass {@code clock::nanoTime} where a LongSupplier is wanted. */
    public long nanoTime() {
        return startNanoTime + elapsedNanos.get();
    }

    /** How far the clock has been advanced since it was made (wall clock steps aside). */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos.get());
    }

    @Override
    public Instant instant() {
        return start.plusNanos(elapsedNanos.get() + wallStepNanos.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of this clock in another zone: the same instant, moved by the same {@link #advance} calls. */
    @Override
    public Clock withZone(ZoneId otherZone) {
        return otherZone.equals(zone) ? this : new ManualClock(start, startNanoTime, elapsedNanos, wallStepNanos, otherZone);
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + ", nanoTime " + nanoTime() + "]";
    }
}
