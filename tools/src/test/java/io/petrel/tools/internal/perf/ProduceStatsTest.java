package io.petrel.tools.internal.perf;

import io.petrel.client.Time;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer benchmark's lines, from latencies given on a hand-driven clock. */
class ProduceStatsTest {
    private static final class ManualTime implements Time {
        long nanos;

        @Override
        public long milliseconds() {
            return nanos / 1_000_000;
        }

        @Override
        public long nanoseconds() {
            return nanos;
        }

        @Override
        public void sleep(long ms) {
            nanos += Math.max(0, ms) * 1_000_000L;
        }
    }

    @Test
    void theLastLineHasKafkasShapeAndTheRunsFigures() {
        ManualTime time = new ManualTime();
        ProduceStats stats = new ProduceStats(time, 100);
        // 1000 records acknowledged over 2 s: latency i ms for record i % 100 + 1.
        for (int i = 0; i < 1000; i++) {
            long sent = time.nanos;
            time.nanos += ((i % 100) + 1) * 1_000_000L;
            stats.onAck(sent);
            time.nanos = sent + 2_000_000L;
        }
        time.nanos = 2_000_000_000L;
        assertEquals("1000 records sent, 500.000000 records/sec (0.05 MB/sec), 50.50 ms avg latency, 100.00 ms max latency, "
                + "50 ms 50th, 95 ms 95th, 99 ms 99th, 100 ms 99.9th.", stats.totalLine());
    }

    @Test
    void theIntervalLineCountsOnlyTheWindow() {
        ManualTime time = new ManualTime();
        ProduceStats stats = new ProduceStats(time, 1024 * 1024);
        for (int i = 0; i < 10; i++) {
            stats.onAck(time.nanos - 4_000_000L);
        }
        time.nanos = 1_000_000_000L;
        assertEquals("10 records sent, 10.0 records/sec (10.00 MB/sec), 4.0 ms avg latency, 4.0 ms max latency.", stats.intervalLine());
        stats.onAck(time.nanos - 2_000_000L);
        time.nanos = 3_000_000_000L;
        assertEquals("1 records sent, 0.5 records/sec (0.50 MB/sec), 2.0 ms avg latency, 2.0 ms max latency.", stats.intervalLine());
        Matcher total = Pattern.compile("(\\d+) records sent, .*").matcher(stats.totalLine());
        assertTrue(total.matches());
        assertEquals("11", total.group(1));
    }
}
