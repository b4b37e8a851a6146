package io.petrel.broker.internal.metrics;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts events and gives their mean rate and 1-, 5- and 15-minute exponentially weighted moving average
 * rates per second, as a Kafka (Yammer) meter does: the averages move in 5-second ticks.
 *
 * <p>Why this shape: {@link #mark} is on the Produce/Fetch path, so it only adds to a {@link LongAdder}. The
 * averages are ticked when read instead of on every mark; events since the last read are credited to the most
 * recent elapsed tick, the older elapsed ticks decay with zero events. Time comes from the broker's
 * injectable nanosecond clock, so tests advance it instead of sleeping.
 */
public final class Meter {
    static final long TICK_NANOS = 5_000_000_000L;
    private static final double TICK_SECONDS = 5.0;

    private final LongSupplier nanoTime;
    private final long startNanos;
    private final LongAdder count = new LongAdder();
    private final Ewma oneMinute = new Ewma(60);
    private final Ewma fiveMinutes = new Ewma(300);
    private final Ewma fifteenMinutes = new Ewma(900);
    /** Guarded by this: the clock at the last tick and the count it had seen. */
    private long lastTickNanos;
    private long countedAtLastTick;

    public Meter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.lastTickNanos = startNanos;
    }

    /** Records {@code n} events; lock-free. */
    public void mark(long n) {
        count.add(n);
    }

    public long count() {
        return count.sum();
    }

    /** Events per second since this meter was created; 0 before any time has passed. */
    public double meanRate() {
        long elapsed = nanoTime.getAsLong() - startNanos;
        return elapsed <= 0 ? 0.0 : count.sum() * 1e9 / elapsed;
    }

    public double oneMinuteRate() {
        tickIfDue();
        return oneMinute.ratePerSecond();
    }

    public double fiveMinuteRate() {
        tickIfDue();
        return fiveMinutes.ratePerSecond();
    }

    public double fifteenMinuteRate() {
        tickIfDue();
        return fifteenMinutes.ratePerSecond();
    }

    /** A consistent reading of all five figures. */
    public synchronized MeterValues read() {
        tickIfDue();
        return new MeterValues(count.sum(), meanRate(), oneMinute.ratePerSecond(), fiveMinutes.ratePerSecond(),
                fifteenMinutes.ratePerSecond());
    }

    private synchronized void tickIfDue() {
        long now = nanoTime.getAsLong();
        long ticks = (now - lastTickNanos) / TICK_NANOS;
        if (ticks <= 0) {
            return;
        }
        lastTickNanos += ticks * TICK_NANOS;
        long total = count.sum();
        long fresh = total - countedAtLastTick;
        countedAtLastTick = total;
        for (long i = 1; i < ticks; i++) {
            decayIdle();
        }
        oneMinute.tick(fresh);
        fiveMinutes.tick(fresh);
        fifteenMinutes.tick(fresh);
    }

    private void decayIdle() {
        oneMinute.tick(0);
        fiveMinutes.tick(0);
        fifteenMinutes.tick(0);
    }

    /** A figure of a meter at one instant. */
    public record MeterValues(long count, double meanRate, double oneMinuteRate, double fiveMinuteRate,
                              double fifteenMinuteRate) {
    }

    /** One exponentially weighted moving average, ticked every 5 s; the first tick seeds it with that tick's rate. */
    private static final class Ewma {
        private final double alpha;
        private boolean seeded;
        private double rate;

        Ewma(int windowSeconds) {
            this.alpha = 1 - Math.exp(-TICK_SECONDS / windowSeconds);
        }

        void tick(long events) {
            double instant = events / TICK_SECONDS;
            if (seeded) {
                rate += alpha * (instant - rate);
            } else {
                rate = instant;
                seeded = true;
            }
        }

        double ratePerSecond() {
            return rate;
        }
    }
}
