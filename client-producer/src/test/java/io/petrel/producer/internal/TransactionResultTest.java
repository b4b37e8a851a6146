package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.TimeoutException;
import io.petrel.client.Time;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting for a transactional call on the injected clock: the clock moving on ends the wait, not a sleep. */
class TransactionResultTest {
    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);

    private CompletableFuture<RuntimeException> waitInBackground(TransactionResult result, long timeoutMs) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                result.await(time, timeoutMs);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
    }

    @Test
    void aWaitEndsOnceTheClockPassesItsTimeoutAndTheCallGoesOn() throws Exception {
        TransactionResult result = new TransactionResult("EndTxn(commit)");
        CompletableFuture<RuntimeException> waiter = waitInBackground(result, 60_000);
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!waiter.isDone() && System.nanoTime() < giveUp) {
            clock.advance(java.time.Duration.ofMillis(60_000));
            try {
                waiter.get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // The waiter may have read its deadline after the clock moved: move it again.
            }
        }
        RuntimeException e = waiter.get(30, TimeUnit.SECONDS);
        TimeoutException timeout = assertInstanceOf(TimeoutException.class, e);
        assertTrue(timeout.getMessage().contains("60000 ms (max.block.ms)"), timeout.getMessage());
        assertFalse(result.isAcknowledged(), "a timed-out call is not over for the application");

        result.complete();
        result.await(time, 0);
        assertTrue(result.isAcknowledged());
    }

    @Test
    void aFailureReachesTheWaiterAndCountsAsSeen() throws Exception {
        TransactionResult result = new TransactionResult("InitProducerId");
        CompletableFuture<RuntimeException> waiter = waitInBackground(result, 60_000);
        ClientException cause = new ClientException("refused");
        result.fail(cause);
        assertSame(cause, waiter.get(30, TimeUnit.SECONDS));
        assertTrue(result.isAcknowledged());
        assertSame(cause, assertThrows(ClientException.class, () -> result.await(time, 0)), "and again on the next call");
    }

    @Test
    void anAsynchronousOutcomeIsSeenWhenItsFutureCompletes() throws Exception {
        TransactionResult result = new TransactionResult("EndTxn(commit)");
        CompletableFuture<Void> handedOut = result.handOut();
        assertFalse(result.isAcknowledged());
        result.complete();
        assertNull(handedOut.get(30, TimeUnit.SECONDS));
        assertTrue(result.isAcknowledged());
    }
}
