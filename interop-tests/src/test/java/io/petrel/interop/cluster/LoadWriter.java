package io.petrel.interop.cluster;

import io.petrel.testsupport.Await;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends numbered records round the partitions of a topic through a {@link ProducerUnderTest}, on a thread of its
 * own, at about {@code ratePerSecond}, with at most {@link #WINDOW} sends unanswered (so a dead leader holds back
 * a bounded backlog rather than the producer's whole buffer), until stopped. Every outcome goes to the
 * {@link DeliveryLedger}.
 */
final class LoadWriter implements AutoCloseable {
    /** Sends that may be waiting for their outcome at once. */
    static final int WINDOW = 5_000;
    private static final int BURST = 50;

    private final ProducerUnderTest producer;
    private final DeliveryLedger ledger;
    private final long nanosPerBurst;
    private final int windowSize;
    private final Semaphore window;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final java.util.concurrent.atomic.AtomicLong outstanding = new java.util.concurrent.atomic.AtomicLong();

    LoadWriter(ProducerUnderTest producer, DeliveryLedger ledger, int ratePerSecond) {
        this(producer, ledger, ratePerSecond, WINDOW);
    }

    /** With {@code window} sends unanswered at most (a huge one leaves the producer's buffer as the only bound). */
    LoadWriter(ProducerUnderTest producer, DeliveryLedger ledger, int ratePerSecond, int window) {
        this.windowSize = window;
        this.window = new Semaphore(window);
        this.producer = producer;
        this.ledger = ledger;
        this.nanosPerBurst = TimeUnit.SECONDS.toNanos(1) * BURST / ratePerSecond;
        this.thread = new Thread(this::run, "load-writer-" + ledger.topic());
        thread.start();
    }

    private void run() {
        try {
            long sent = 0;
            long nextBurst = System.nanoTime();
            while (running) {
                int p = (int) (sent % ledger.partitions());
                long number = ledger.nextNumber(p);
                window.acquireUninterruptibly();
                outstanding.accumulateAndGet(windowSize - window.availablePermits(), Math::max);
                producer.send(ledger.topic(), p, DeliveryLedger.value(p, number), (offset, e) -> {
                    ledger.completed(p, number, e);
                    window.release();
                });
                if (++sent % BURST == 0) {
                    nextBurst += nanosPerBurst;
                    long wait = nextBurst - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // pacing, not synchronisation
                    } else {
                        nextBurst = System.nanoTime(); // behind (a node was down): do not burst to catch up
                    }
                }
            }
            producer.flush();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** The most sends that were unanswered at once. */
    long peakOutstanding() {
        return outstanding.get();
    }

    /** Waits until {@code more} records beyond those acknowledged now have been acknowledged. */
    void awaitAcked(long more, Duration limit) {
        long target = ledger.acked() + more;
        Await.until(limit, () -> "acknowledgements to reach " + target + " (at " + ledger.acked() + ", "
                + ledger.failed() + " failed)", () -> ledger.acked() >= target || failure != null);
    }

    /** Stops sending, flushes, and waits until every send has its outcome. */
    void stop() {
        running = false;
        try {
            thread.join(TimeUnit.MINUTES.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("The writer did not stop within 3 minutes");
        }
        Await.until(Duration.ofMinutes(3), () -> "every send answered (" + (windowSize - window.availablePermits())
                + " waiting)", () -> window.availablePermits() == windowSize);
        if (failure != null) {
            throw new AssertionError("The writer failed: " + failure, failure);
        }
    }

    @Override
    public void close() {
        running = false;
        producer.close();
    }
}
