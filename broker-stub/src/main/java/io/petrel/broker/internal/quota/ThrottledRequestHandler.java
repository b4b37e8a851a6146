package io.petrel.broker.internal.quota;

import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.ThrottleTime;
import io.petrel.protocol.Versions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Any API under {@code request_percentage} (KIP-124): the time the handler spends serving a request on the calling
 * thread is counted against the client's share of one thread, in percent (100 is a whole thread), as Kafka counts
 * request handler time; over quota, the response carries the throttle time (the larger, when a byte-rate quota
 * throttles it too) and the network layer mutes the connection for that long.
 *
 * <p>Approximated: Kafka also counts network thread time, and answers a Fetch throttled on request time empty; here
 * only the handler's own call is timed (a long-poll Fetch's wait is not thread time and is not counted) and the Fetch
 * keeps its data.
 */
final class ThrottledRequestHandler implements RequestHandler {
    private static final double PERCENT_SECONDS_PER_NANO = 100.0 / TimeUnit.SECONDS.toNanos(1);

    private final RequestHandler handler;
    private final RateQuotas quotas;
    private final LongSupplier nanoTime;

    ThrottledRequestHandler(RequestHandler handler, RateQuotas quotas, LongSupplier nanoTime) {
        this.handler = handler;
        this.quotas = quotas;
        this.nanoTime = nanoTime;
    }

    @Override
    public ApiKey api() {
        return handler.api();
    }

    @Override
    public Versions versions() {
        return handler.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        long start = nanoTime.getAsLong();
        CompletableFuture<Response> response = handler.handle(context, request);
        double percentSeconds = (nanoTime.getAsLong() - start) * PERCENT_SECONDS_PER_NANO;
        return response.thenApply(r -> {
            long throttleMs = quotas.recordAndGetThrottleTimeMs(ClientQuotas.user(context), ClientQuotas.clientId(context),
                    percentSeconds);
            if (throttleMs > 0 && r instanceof Response.Body body) {
                ThrottleTime.raiseTo(body.body(), ClientQuotas.asInt(throttleMs));
            }
            return r;
        });
    }
}
