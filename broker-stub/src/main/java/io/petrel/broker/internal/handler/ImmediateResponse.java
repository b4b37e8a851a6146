package io.petrel.broker.internal.handler;

import io.petrel.protocol.Message;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The future of a handler that answers on the calling thread: the body, or the failure that stopped it
 * (so a bug in a handler reaches the network layer as a failed future, not as a throw).
 */
public final class ImmediateResponse {
    private ImmediateResponse() {
    }

    public static CompletableFuture<Response> of(Supplier<Message> body) {
        try {
            return CompletableFuture.completedFuture(Response.of(body.get()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
