package io.petrel.broker.internal.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Meter meter = new Meter(now::get);

    @Test
    void countsAndMeanRateFollowTheInjectedClock() {
        meter.mark(100);
        meter.mark(50);
        assertEquals(150, meter.count());
        assertEquals(0.0, meter.meanRate(), "no time has passed");
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertEquals(15.0, meter.meanRate(), 1e-9);
    }

    @Test
    void movingAveragesStartAtTheFirstTickRateAndDecayWhenIdle() {
        meter.mark(500);
        assertEquals(0.0, meter.oneMinuteRate(), "before the first 5 s tick, as in Kafka");
        now.addAndGet(Meter.TICK_NANOS);
        assertEquals(100.0, meter.oneMinuteRate(), 1e-9, "500 events in one 5 s tick");
        assertEquals(100.0, meter.fifteenMinuteRate(), 1e-9);
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        double oneMinute = meter.oneMinuteRate();
        assertEquals(100.0 * Math.exp(-1), oneMinute, 1e-6, "a minute idle decays the 1-minute rate by 1/e");
        assertTrue(meter.fifteenMinuteRate() > oneMinute, "the 15-minute rate decays slower");
    }
}
