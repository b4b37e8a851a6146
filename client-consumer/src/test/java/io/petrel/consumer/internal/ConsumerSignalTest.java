package io.petrel.consumer.internal;

import io.petrel.client.Time;
import io.petrel.consumer.WakeupException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where poll waits: signals from other threads, seen whether or not a thread was waiting, and wakeup(). */
class ConsumerSignalTest {
    private static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);

    private final ConsumerSignal signal = new ConsumerSignal(Time.of(Clock.systemUTC(), System::nanoTime, ms -> { }));

    @Test
    void eachSignalMovesTheVersionOnEvenWithNobodyWaiting() {
        long before = signal.version();
        signal.signal();
        signal.signal();
        assertEquals(before + 2, signal.version());
    }

    @Test
    void aSignalSentBeforeTheWaitIsNotLost() {
        long seen = signal.version();
        signal.signal(); // between reading the version and waiting, as the I/O thread may
        signal.awaitChange(seen, AN_HOUR);
        assertNotEquals(seen, signal.version());
    }

    @Test
    void aWaiterSeesWhatAnotherThreadSignalled() throws Exception {
        AtomicBoolean arrived = new AtomicBoolean();
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(
                () -> signal.awaitUntil(arrived::get, System.nanoTime() + AN_HOUR));
        arrived.set(true);
        signal.signal();
        assertTrue(waited.get(1, TimeUnit.MINUTES));
    }

    @Test
    void wakeupMakesTheWaitingCallThrowOnce() throws Exception {
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(
                () -> signal.awaitUntil(() -> false, System.nanoTime() + AN_HOUR));
        signal.wakeup();
        Exception e = assertThrows(Exception.class, () -> waited.get(1, TimeUnit.MINUTES));
        assertTrue(e.getCause() instanceof WakeupException, e.toString());
        long seen = signal.version();
        signal.signal();
        signal.checkWakeup(); // consumed by the call that threw: no second WakeupException
        assertNotEquals(seen, signal.version());
    }
}
