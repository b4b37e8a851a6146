package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of one transactional call (initTransactions, sendOffsetsToTransaction, commit, abort), completed
 * by the sender thread when the coordinator has answered, and awaited by the caller for at most max.block.ms.
 *
 * <p>Why "acknowledged": a call that timed out is not over. Its result stays pending in the state machine, the
 * same call made again waits on the same result (so a commit that timed out is retried by calling commit
 * again), and another call is refused until the application has seen this one's outcome: by an {@link #await}
 * that returned or threw it, or by the future of the asynchronous variant completing.
 */
final class TransactionResult {
    /** How often a waiting caller re-reads the injected clock, so a test's clock moving on ends the wait. */
    private static final long CLOCK_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String operation;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private volatile boolean acknowledged;
    private volatile boolean handedOut;

    TransactionResult(String operation) {
        this.operation = operation;
    }

    String operation() {
        return operation;
    }

    void complete() {
        future.complete(null);
    }

    void fail(RuntimeException error) {
        future.completeExceptionally(error);
    }

    boolean isDone() {
        return future.isDone();
    }

    /** Whether the application has seen the outcome (see the class comment). */
    boolean isAcknowledged() {
        return acknowledged || handedOut && future.isDone();
    }

    /** The outcome as a future for the application; it counts as seen once the future completes. */
    CompletableFuture<Void> handOut() {
        handedOut = true;
        return future.copy();
    }

    /**
     * Waits for the outcome at most {@code timeoutMs} of {@code time}.
     *
     * @throws TimeoutException naming the operation when it did not complete in time (it goes on; call again)
     * @throws RuntimeException the operation's failure
     */
    void await(Time time, long timeoutMs) {
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!future.isDone()) {
            long remaining = deadline - time.nanoseconds();
            if (remaining <= 0) {
                throw new TimeoutException("Timeout expired after " + timeoutMs + " ms (max.block.ms) while awaiting "
                        + operation + "; it goes on: call it again to keep waiting");
            }
            try {
                future.get(Math.min(remaining, CLOCK_CHECK_NANOS), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // Not yet: read the clock again.
            } catch (ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException("Interrupted while awaiting " + operation + "; it goes on: call it again", e);
            }
        }
        acknowledged = true;
        try {
            future.join();
        } catch (CompletionException e) {
            Throwable error = e.getCause();
            throw error instanceof RuntimeException re ? re : new ClientException(operation + " failed", error);
        }
    }
}
