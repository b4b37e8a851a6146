package io.petrel.client.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExponentialBackoffTest {
    @Test
    void doublesPerFailureUpToTheMaximumWithoutJitter() {
        ExponentialBackoff backoff = new ExponentialBackoff(50, 1000, 0, () -> 0.5);
        assertEquals(0, backoff.backoffMs(0));
        assertEquals(50, backoff.backoffMs(1));
        assertEquals(100, backoff.backoffMs(2));
        assertEquals(200, backoff.backoffMs(3));
        assertEquals(800, backoff.backoffMs(5));
        assertEquals(1000, backoff.backoffMs(6));
        assertEquals(1000, backoff.backoffMs(1000));
    }

    @Test
    void jitterStaysWithinTwentyPercentAndTheBounds() {
        ExponentialBackoff low = new ExponentialBackoff(50, 1000, 0.2, () -> 0.0);
        ExponentialBackoff high = new ExponentialBackoff(50, 1000, 0.2, () -> 0.999999);
        assertEquals(50, low.backoffMs(1));
        assertEquals(60, high.backoffMs(1));
        assertEquals(160, low.backoffMs(3));
        assertEquals(240, high.backoffMs(3));
        assertEquals(800, low.backoffMs(10));
        assertEquals(1000, high.backoffMs(10));
        ExponentialBackoff random = new ExponentialBackoff(50, 1000);
        for (int i = 0; i < 1000; i++) {
            long b = random.backoffMs(2);
            assertTrue(b >= 80 && b <= 120, "backoff " + b);
        }
    }

    @Test
    void maximumBelowInitialIsRaisedToIt() {
        ExponentialBackoff backoff = new ExponentialBackoff(500, 100, 0, () -> 0.5);
        assertEquals(500, backoff.backoffMs(3));
    }
}
