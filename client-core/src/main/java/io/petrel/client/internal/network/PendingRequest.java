package io.petrel.client.internal.network;

import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ApiKey;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request from the moment it is handed to a connection until it is answered or fails: what to send,
 * its deadline, and the future to complete. Confined to the connection's event loop after submission;
 * {@link #complete} and {@link #fail} run there (or on the caller's thread when the client is closed), and
 * each request is finished exactly once.
 */
final class PendingRequest {
    final ApiKey api;
    final RequestBody body;
    final long deadlineNanos;
    final long timeoutMs;
    /** Completed with the response, or null for a one-way request. */
    final CompletableFuture<Response> response;
    /** For one-way requests: completed once written. */
    final CompletableFuture<Void> written;
    private final AtomicInteger outstanding;
    int correlationId = -1;
    short version = -1;
    private final AtomicBoolean finished = new AtomicBoolean();

    private PendingRequest(ApiKey api, RequestBody body, long deadlineNanos, long timeoutMs,
                           CompletableFuture<Response> response, CompletableFuture<Void> written,
                           AtomicInteger outstanding) {
        this.api = api;
        this.body = body;
        this.deadlineNanos = deadlineNanos;
        this.timeoutMs = timeoutMs;
        this.response = response;
        this.written = written;
        this.outstanding = outstanding;
    }

    static PendingRequest expectingResponse(ApiKey api, RequestBody body, long deadlineNanos, long timeoutMs,
                                            AtomicInteger outstanding) {
        return new PendingRequest(api, body, deadlineNanos, timeoutMs, new CompletableFuture<>(), null, outstanding);
    }

    static PendingRequest oneWay(ApiKey api, RequestBody body, long deadlineNanos, long timeoutMs,
                                 AtomicInteger outstanding) {
        return new PendingRequest(api, body, deadlineNanos, timeoutMs, null, new CompletableFuture<>(), outstanding);
    }

    boolean expectsResponse() {
        return response != null;
    }

    boolean isSent() {
        return correlationId >= 0;
    }

    void complete(Response value) {
        if (markFinished()) {
            response.complete(value);
        }
    }

    void completeWritten() {
        if (markFinished()) {
            written.complete(null);
        }
    }

    void fail(Throwable error) {
        if (markFinished()) {
            (response != null ? response : written).completeExceptionally(error);
        }
    }

    private boolean markFinished() {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        outstanding.decrementAndGet();
        return true;
    }

    String describe() {
        return api.apiName() + (isSent() ? " v" + version + " (correlation id " + correlationId + ")" : "");
    }
}
