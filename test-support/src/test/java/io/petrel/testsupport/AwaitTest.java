package io.petrel.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwaitTest {

    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger checks = new AtomicInteger();
        Await.until("the third check", () -> checks.incrementAndGet() >= 3);
        assertEquals(3, checks.get(), "checked until it held, and no more");
    }

    @Test
    void failsAtTheDeadlineNamingWhatItWaitedForAndTheStateThen() {
        AtomicInteger checks = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class, () -> Await.until(Duration.ofMillis(50),
                () -> "a condition that never holds, checked " + checks.get() + " times", () -> {
                    checks.incrementAndGet();
                    return false;
                }));
        assertTrue(e.getMessage().startsWith("Gave up after 50 ms waiting for a condition that never holds, checked "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("checked " + checks.get() + " times"),
                "the description is computed at the deadline: " + e.getMessage());
        assertTrue(checks.get() > 1, "checked more than once: " + checks.get());
    }

    @Test
    void anInterruptEndsTheWaitAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Await.until("something", () -> false));
            assertTrue(e.getMessage().contains("Interrupted while waiting for something"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
