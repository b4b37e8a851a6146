package io.petrel.consumer.internal;

import io.petrel.client.Time;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The consumer's metrics under Kafka's names. Totals are atomic counters any thread may bump; rates are
 * totals over the time since the consumer started, capped to Kafka's 30 s window once older, which is
 * what a dashboard comparing the two clients needs without Kafka's sampled-window machinery.
 */
final class ConsumerMetrics {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Time time;
    private final long startNanos;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong fetches = new AtomicLong();
    private final DoubleAdder fetchLatencyMs = new DoubleAdder();
    private final AtomicLong commits = new AtomicLong();
    private final DoubleAdder commitLatencyMs = new DoubleAdder();
    private final AtomicLong rebalances = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong throttledFetches = new AtomicLong();
    private final AtomicLong fetchThrottleMs = new AtomicLong();
    private final AtomicLong fetchThrottleMaxMs = new AtomicLong();
    private volatile long recordsLagMax = -1;
    private final Window recordWindow;
    private final Window byteWindow;

    ConsumerMetrics(Time time) {
        this.time = time;
        this.startNanos = time.nanoseconds();
        this.recordWindow = new Window(startNanos);
        this.byteWindow = new Window(startNanos);
    }

    void recordsConsumed(int n) {
        if (n > 0) {
            records.addAndGet(n);
            recordWindow.add(time.nanoseconds(), n);
        }
    }

    void bytesConsumed(long n) {
        bytes.addAndGet(n);
        byteWindow.add(time.nanoseconds(), n);
    }

    void fetchCompleted(long latencyNanos) {
        fetches.incrementAndGet();
        fetchLatencyMs.add(latencyNanos / 1e6);
    }

    /** A Fetch response's throttle time (0 when not throttled), as kafka-clients records every one. */
    void fetchThrottleTime(int ms) {
        throttledFetches.incrementAndGet();
        fetchThrottleMs.addAndGet(ms);
        fetchThrottleMaxMs.accumulateAndGet(ms, Math::max);
    }

    void commitCompleted(long latencyNanos) {
        commits.incrementAndGet();
        commitLatencyMs.add(latencyNanos / 1e6);
    }

    void rebalanced() {
        rebalances.incrementAndGet();
    }

    void heartbeat() {
        heartbeats.incrementAndGet();
    }

    void recordsLag(long lagMax) {
        recordsLagMax = lagMax;
    }

    Map<String, Double> snapshot() {
        long now = time.nanoseconds();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("records-consumed-total", (double) records.get());
        out.put("records-consumed-rate", recordWindow.rate(now));
        out.put("bytes-consumed-total", (double) bytes.get());
        out.put("bytes-consumed-rate", byteWindow.rate(now));
        long f = fetches.get();
        out.put("fetch-total", (double) f);
        out.put("fetch-latency-avg", f == 0 ? Double.NaN : fetchLatencyMs.sum() / f);
        out.put("records-lag-max", (double) recordsLagMax);
        long throttled = throttledFetches.get();
        out.put("fetch-throttle-time-avg", throttled == 0 ? Double.NaN : (double) fetchThrottleMs.get() / throttled);
        out.put("fetch-throttle-time-max", throttled == 0 ? Double.NaN : (double) fetchThrottleMaxMs.get());
        long c = commits.get();
        out.put("commit-total", (double) c);
        out.put("commit-latency-avg", c == 0 ? Double.NaN : commitLatencyMs.sum() / c);
        out.put("rebalance-total", (double) rebalances.get());
        out.put("heartbeat-total", (double) heartbeats.get());
        return out;
    }

    /** A rate over the last 30 s, kept as two half-windows. */
    private static final class Window {
        private long currentStart;
        private long current;
        private long previous;
        private final long created;

        Window(long now) {
            this.created = now;
            this.currentStart = now;
        }

        synchronized void add(long now, long n) {
            roll(now);
            current += n;
        }

        synchronized double rate(long now) {
            roll(now);
            long span = Math.min(now - created, now - currentStart + WINDOW_NANOS / 2);
            return span <= 0 ? 0.0 : (current + previous) / (span / 1e9);
        }

        private void roll(long now) {
            long half = WINDOW_NANOS / 2;
            if (now - currentStart >= 2 * half) {
                previous = 0;
                current = 0;
                currentStart = now;
            } else if (now - currentStart >= half) {
                previous = current;
                current = 0;
                currentStart += half;
            }
        }
    }
}
