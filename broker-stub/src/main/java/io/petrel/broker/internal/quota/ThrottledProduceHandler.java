package io.petrel.broker.internal.quota;

import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.ThrottleTime;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ProduceRequest;

import java.util.concurrent.CompletableFuture;

/**
 * Produce under {@code producer_byte_rate}: once the request is served its record bytes are counted against the
 * client's quota and the response carries the throttle time; the network layer then stops reading from the connection
 * for that long (KIP-219). A Produce with acks=0 has no response to carry it: its bytes are counted, but the connection
 * is not muted (an approximation: Kafka mutes it too).
 */
final class ThrottledProduceHandler implements RequestHandler {
    private final RequestHandler produce;
    private final RateQuotas quotas;

    ThrottledProduceHandler(RequestHandler produce, RateQuotas quotas) {
        if (produce.api() != ApiKey.PRODUCE) {
            throw new IllegalArgumentException("Not a Produce handler: " + produce.api());
        }
        this.produce = produce;
        this.quotas = quotas;
    }

    @Override
    public ApiKey api() {
        return ApiKey.PRODUCE;
    }

    @Override
    public Versions versions() {
        return produce.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        long bytes = RecordBytes.sum(request, ProduceRequest.TOPIC_DATA, ProduceRequest.TopicProduceData.PARTITION_DATA,
                ProduceRequest.PartitionProduceData.RECORDS);
        return produce.handle(context, request).thenApply(response -> {
            long throttleMs = quotas.recordAndGetThrottleTimeMs(ClientQuotas.user(context), ClientQuotas.clientId(context), bytes);
            if (throttleMs > 0 && response instanceof Response.Body body) {
                ThrottleTime.raiseTo(body.body(), ClientQuotas.asInt(throttleMs));
            }
            return response;
        });
    }
}
