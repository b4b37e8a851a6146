package io.petrel.client.internal.network;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A client's I/O thread held by a task of the test's, as a callback that blocks or a GC pause holds it: nothing is
 * read from its sockets until the test releases it. The release then runs the network's timers on that thread, as
 * its ticker does when it came due meanwhile, before the loop goes back to reading.
 */
final class HeldIoThread {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Holds {@code network}'s I/O thread until {@link #release}; returns once the thread is held. */
    void hold(NettyClientNetwork network) {
        network.ioThread().execute(() -> {
            held.countDown();
            await(release, "the test to release the I/O thread");
            network.tick();
        });
        await(held, "the I/O thread to run the holding task");
    }

    void release() {
        release.countDown();
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Gave up waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for " + what, e);
        }
    }
}
