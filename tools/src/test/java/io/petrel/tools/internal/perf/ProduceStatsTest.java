package io.petrel.tools.internal.perf;

import io.petrel.client.Time;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer benchmark's lines, from latencies given on a hand-driven clock. */
class ProduceStatsTest {
    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);
    private final long clockStart = clock.nanoTime();

    @Test
    void theLastLineHasKafkasShapeAndTheRunsFigures() {
        ProduceStats stats = new ProduceStats(time, 100);
        long start = clock.nanoTime();
        // 1000 records sent at the start, ten acknowledged after each of 1, 2, ... 100 ms; the run lasts 2 s.
        for (int latencyMs = 1; latencyMs <= 100; latencyMs++) {
            at(Duration.ofMillis(latencyMs));
            for (int i = 0; i < 10; i++) {
                stats.onAck(start);
            }
        }
        at(Duration.ofSeconds(2));
        assertEquals("1000 records sent, 500.000000 records/sec (0.05 MB/sec), 50.50 ms avg latency, 100.00 ms max latency, "
                + "50 ms 50th, 95 ms 95th, 99 ms 99th, 100 ms 99.9th.", stats.totalLine());
    }

    @Test
    void theIntervalLineCountsOnlyTheWindow() {
        ProduceStats stats = new ProduceStats(time, 1024 * 1024);
        for (int i = 0; i < 10; i++) {
            stats.onAck(clock.nanoTime() - 4_000_000L);
        }
        at(Duration.ofSeconds(1));
        assertEquals("10 records sent, 10.0 records/sec (10.00 MB/sec), 4.0 ms avg latency, 4.0 ms max latency.", stats.intervalLine());
        stats.onAck(clock.nanoTime() - 2_000_000L);
        at(Duration.ofSeconds(3));
        assertEquals("1 records sent, 0.5 records/sec (0.50 MB/sec), 2.0 ms avg latency, 2.0 ms max latency.", stats.intervalLine());
        Matcher total = Pattern.compile("(\\d+) records sent, .*").matcher(stats.totalLine());
        assertTrue(total.matches());
        assertEquals("11", total.group(1));
    }

    /** Moves the clock to {@code sinceStart} after its start. */
    private void at(Duration sinceStart) {
        clock.advance(Duration.ofNanos(clockStart + sinceStart.toNanos() - clock.nanoTime()));
    }
}
