package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.topic.TopicPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * A fetch that found fewer than its min_bytes and waits: it completes on the first append after which a
 * fresh read has enough bytes, or when max_wait_ms has passed, with whatever a read gives then.
 *
 * <p>How it works: every attempt re-reads all the fetch's partitions (cheap: index lookups, no copying),
 * under this object's lock so attempts from an append and the timeout cannot both complete it. The
 * future is completed outside the lock.
 */
final class DelayedFetch {
    private final Supplier<FetchReader.Result> read;
    private final int minBytes;
    private final List<TopicPartition> partitions;
    private final FetchWaiters waiters;
    private final CompletableFuture<Response> future = new CompletableFuture<>();
    private final Runnable onAppend = this::onAppend;
    private boolean done;
    private ScheduledFuture<?> timeout;

    DelayedFetch(Supplier<FetchReader.Result> read, int minBytes, List<TopicPartition> partitions,
                 FetchWaiters waiters) {
        this.read = read;
        this.minBytes = minBytes;
        this.partitions = partitions;
        this.waiters = waiters;
    }

    CompletableFuture<Response> future() {
        return future;
    }

    /** Starts waiting for appends, then reads once more so an append that came before is not missed. */
    void park() {
        waiters.register(partitions, onAppend);
        onAppend();
    }

    /** Sets the timer that ends the wait; cancels it at once if the fetch is already complete. */
    synchronized void timeout(ScheduledFuture<?> timer) {
        if (done) {
            timer.cancel(false);
        } else {
            this.timeout = timer;
        }
    }

    void onAppend() {
        attempt(false);
    }

    void onTimeout() {
        attempt(true);
    }

    private void attempt(boolean force) {
        FetchReader.Result result;
        try {
            synchronized (this) {
                if (done) {
                    return;
                }
                result = read.get();
                if (!force && result.bytes() < minBytes && !result.readError()) {
                    return;
                }
                finish();
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                finish();
            }
            future.completeExceptionally(e);
            return;
        }
        future.complete(Response.of(result.body()));
    }

    private void finish() {
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        waiters.unregister(partitions, onAppend);
    }
}
