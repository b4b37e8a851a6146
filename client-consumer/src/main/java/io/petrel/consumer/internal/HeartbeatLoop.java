package io.petrel.consumer.internal;

import io.petrel.client.Time;

import java.util.concurrent.TimeUnit;

/**
 * The thread both group protocols heartbeat on ({@link HeartbeatThread} for classic, {@link ConsumerHeartbeatThread}
 * for the consumer protocol): it runs {@link #step} under this object's lock, waits as long as the step says (and is
 * woken by {@link #notifyAll} on this object), and keeps the max.poll.interval.ms clock that the application's polls
 * reset. The clocks read the injected {@link Time}, so tests move them without sleeping.
 */
abstract class HeartbeatLoop {
    /** The longest the thread waits between steps. */
    static final long IDLE_WAIT_MS = 100;

    final Time time;
    private final Thread thread;

    // Guarded by this.
    private long lastPollNanos;
    private boolean closed;

    HeartbeatLoop(Time time, String clientId) {
        this.time = time;
        this.lastPollNanos = time.nanoseconds();
        this.thread = new Thread(this::run, "petrel-consumer-heartbeat-" + clientId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The application called poll: the max.poll.interval.ms clock starts again. */
    synchronized void polled(long nowNanos) {
        lastPollNanos = nowNanos;
    }

    /** Under the lock: whether poll() has not been called within {@code maxPollIntervalMs}. */
    final boolean pollTimedOut(long now, int maxPollIntervalMs) {
        return now - lastPollNanos > TimeUnit.MILLISECONDS.toNanos(maxPollIntervalMs);
    }

    /** Stops the thread; it sends nothing more. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Under the lock: sends what is due; returns how long to wait, in ms. */
    abstract long step(long now);

    private void run() {
        while (true) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                long waitMs = step(time.nanoseconds());
                try {
                    wait(Math.max(1, waitMs));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
