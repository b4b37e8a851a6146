package io.petrel.tools.internal.perf;

import io.petrel.client.Time;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer benchmark's result lines, from polls given on a hand-driven clock. */
class ConsumeStatsTest {
    @Test
    void resultLineSplitsRebalanceFromFetchTimeAsKafkaDoes() {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        ConsumeStats stats = new ConsumeStats(time);
        clock.advance(Duration.ofMillis(500));
        stats.onAssigned();
        // Two seconds of fetching after a 500 ms rebalance: 1024 * 1024 records of one byte each, so 1 MB.
        long poll = clock.nanoTime();
        clock.advance(Duration.ofSeconds(2));
        stats.onRecords(poll, 1024 * 1024, 1024 * 1024);
        clock.advance(Duration.ofSeconds(3)); // waiting after the last record does not count

        List<String> lines = stats.resultLines();
        assertEquals(ConsumeStats.HEADER, lines.get(0));
        String[] figures = lines.get(1).split(", ");
        assertEquals(10, figures.length, lines.get(1));
        assertTrue(figures[0].matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d:\\d{3}"), figures[0]);
        assertEquals(List.of("1.0000", "0.4000", "1048576", "419430.4000", "500", "2000", "0.5000", "524288.0000"),
                List.of(figures).subList(2, 10));
        assertTrue(stats.pollLatencyLine().startsWith("Poll latency (ms, 1 polls returning records): p50 2000."), stats.pollLatencyLine());
    }
}
