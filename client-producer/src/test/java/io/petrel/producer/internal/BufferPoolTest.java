package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest {
    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);

    /** Reserves on another thread; the future completes when the reservation does. */
    private static CompletableFuture<Void> reserveAsync(BufferPool pool, int bytes, long maxWaitMs) {
        return CompletableFuture.runAsync(() -> {
            try {
                pool.reserve(bytes, maxWaitMs);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitWaiters(BufferPool pool, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.queuedWaiters() < count) {
            assertTrue(System.nanoTime() < deadline, "no thread started waiting");
            Thread.onSpinWait();
        }
    }

    @Test
    void reservesAndReleases() throws Exception {
        BufferPool pool = new BufferPool(1000, 60_000, time);
        pool.reserve(600, 0);
        assertEquals(400, pool.availableBytes());
        pool.release(600);
        assertEquals(1000, pool.availableBytes());
    }

    @Test
    void blocksUntilBytesAreReleased() throws Exception {
        BufferPool pool = new BufferPool(1000, 60_000, time);
        pool.reserve(800, 0);
        CompletableFuture<Void> waiting = reserveAsync(pool, 500, 60_000);
        awaitWaiters(pool, 1);
        assertFalse(waiting.isDone());
        pool.release(800);
        waiting.get(5, TimeUnit.SECONDS);
        assertEquals(500, pool.availableBytes());
    }

    @Test
    void timesOutAfterMaxBlockOnTheGivenClockNamingBothSettings() throws Exception {
        BufferPool pool = new BufferPool(1000, 60_000, time);
        pool.reserve(1000, 0);
        CompletableFuture<Void> waiting = reserveAsync(pool, 10, 60_000);
        awaitWaiters(pool, 1);
        clock.advance(Duration.ofMillis(59_999));
        assertFalse(waiting.isDone());
        clock.advance(Duration.ofMillis(1));
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        TimeoutException timeout = assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(timeout.getMessage().contains("buffer.memory"), timeout.getMessage());
        assertTrue(timeout.getMessage().contains("max.block.ms"), timeout.getMessage());
        assertEquals(0, pool.availableBytes());
        assertEquals(0, pool.queuedWaiters());
    }

    @Test
    void aZeroWaitFailsAtOnce() throws Exception {
        BufferPool pool = new BufferPool(100, 60_000, time);
        pool.reserve(100, 0);
        assertThrows(TimeoutException.class, () -> pool.reserve(1, 0));
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        BufferPool pool = new BufferPool(1000, 60_000, time);
        pool.reserve(1000, 0);
        CompletableFuture<Void> large = reserveAsync(pool, 900, 60_000);
        awaitWaiters(pool, 1);
        CompletableFuture<Void> small = reserveAsync(pool, 100, 60_000);
        awaitWaiters(pool, 2);
        pool.release(200);
        assertFalse(large.isDone());
        assertFalse(small.isDone(), "a small request must not overtake the large one ahead of it");
        pool.release(800);
        large.get(5, TimeUnit.SECONDS);
        small.get(5, TimeUnit.SECONDS);
        assertEquals(0, pool.availableBytes());
    }

    @Test
    void aRecordLargerThanTheWholeBufferFailsAtOnce() {
        BufferPool pool = new BufferPool(1000, 60_000, time);
        ClientException e = assertThrows(ClientException.class, () -> pool.reserve(1001, 60_000));
        assertTrue(e.getMessage().contains("buffer.memory"));
    }

    @Test
    void closeFailsWaiters() throws Exception {
        BufferPool pool = new BufferPool(10, 60_000, time);
        pool.reserve(10, 0);
        CompletableFuture<Void> waiting = reserveAsync(pool, 5, 60_000);
        awaitWaiters(pool, 1);
        pool.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("closed"));
    }

    @Test
    void aProducerAndASenderRacingNeverLoseOrInventBytes() throws Exception {
        BufferPool pool = new BufferPool(1_000, 60_000, time);
        java.util.concurrent.BlockingQueue<Integer> held = new java.util.concurrent.LinkedBlockingQueue<>();
        int reservations = 50_000;
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < reservations; i++) {
                    int bytes = 1 + i % 300;
                    pool.reserve(bytes, 60_000);
                    held.add(bytes);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < reservations; i++) {
                    pool.release(held.take());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        producer.get(30, TimeUnit.SECONDS);
        sender.get(30, TimeUnit.SECONDS);
        assertEquals(1_000, pool.availableBytes());
        assertEquals(0, pool.queuedWaiters());
    }
}
