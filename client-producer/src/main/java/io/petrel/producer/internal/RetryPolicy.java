package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ExponentialBackoff;
import io.petrel.protocol.ErrorCode;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Stage 5 of the pipeline: decides whether a failed batch goes back for another attempt, and when.
 *
 * <p>Retriable: errors Kafka marks retriable (NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT, ...), a request
 * that timed out or whose connection dropped, and, for an idempotent producer, OUT_OF_ORDER_SEQUENCE_NUMBER
 * on a batch whose predecessor failed too (the sender decides that). A batch is retried while it has
 * attempts left ({@code retries}) and is younger than {@code delivery.timeout.ms}; the wait is exponential,
 * from {@code retry.backoff.ms} doubling up to {@code retry.backoff.max.ms}, with +/-20% jitter so many
 * producers do not retry in step. Errors that mean the leader moved also ask for fresh metadata.
 */
final class RetryPolicy {
    private static final Set<ErrorCode> LEADERSHIP_ERRORS = EnumSet.of(ErrorCode.NOT_LEADER_OR_FOLLOWER,
            ErrorCode.LEADER_NOT_AVAILABLE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.UNKNOWN_TOPIC_ID,
            ErrorCode.FENCED_LEADER_EPOCH, ErrorCode.UNKNOWN_LEADER_EPOCH, ErrorCode.KAFKA_STORAGE_ERROR,
            ErrorCode.NOT_ENOUGH_REPLICAS, ErrorCode.REPLICA_NOT_AVAILABLE, ErrorCode.INCONSISTENT_TOPIC_ID);

    private final int retries;
    private final ExponentialBackoff backoff;
    private final long deliveryTimeoutMs;

    RetryPolicy(int retries, long backoffMs, long backoffMaxMs, long deliveryTimeoutMs) {
        this.retries = retries;
        this.backoff = new ExponentialBackoff(backoffMs, backoffMaxMs);
        this.deliveryTimeoutMs = deliveryTimeoutMs;
    }

    /** Whether a batch that failed retriably may be tried again now. */
    boolean mayRetry(ProducerBatch batch, long nowNanos) {
        return batch.attempts() < retries && nowNanos < deadlineNanos(batch);
    }

    /** The wait before attempt number {@code attempts + 1} (attempts = retries so far). */
    long backoffNanos(int attempts) {
        return TimeUnit.MILLISECONDS.toNanos(backoff.backoffMs(attempts + 1));
    }

    /** When the batch's records have waited delivery.timeout.ms since the batch was opened. */
    long deadlineNanos(ProducerBatch batch) {
        return batch.createdNanos() + TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMs);
    }

    /** Why a batch fails when it ran out of time or attempts while its last error was retriable. */
    ClientException exhausted(ProducerBatch batch, long nowNanos, Exception lastError) {
        if (nowNanos >= deadlineNanos(batch)) {
            return expired(batch, nowNanos, lastError);
        }
        return new ClientException("Giving up on " + batch.recordCount() + " record(s) for " + batch.partition()
                + " after " + batch.attempts() + " retries (retries=" + retries + "): " + lastError.getMessage(),
                lastError);
    }

    /** The error of a batch that waited longer than delivery.timeout.ms. */
    TimeoutException expired(ProducerBatch batch, long nowNanos, Exception lastError) {
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(nowNanos - batch.createdNanos());
        TimeoutException error = new TimeoutException("Expiring " + batch.recordCount() + " record(s) for "
                + batch.partition() + ": " + waitedMs + " ms have passed since the batch was opened, more than"
                + " delivery.timeout.ms (" + deliveryTimeoutMs + " ms)"
                + (lastError == null ? "" : "; last error: " + lastError.getMessage()));
        if (lastError != null) {
            error.initCause(lastError);
        }
        return error;
    }

    /** Whether the error means the partition's leader may have moved, so metadata should be refreshed. */
    static boolean refreshesMetadata(ErrorCode error) {
        return LEADERSHIP_ERRORS.contains(error);
    }
}
