package io.petrel.broker.internal.quota;

import io.petrel.broker.internal.handler.FetchHandler;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fetch under {@code consumer_byte_rate}, as Kafka does it since KIP-219: the record bytes of the response are
 * counted against the client's quota; over quota, they are taken back and the client gets an empty response carrying
 * the throttle time (it fetches the same offsets again after the throttle), and the network layer stops reading from
 * the connection for that long. A response with an error at the top (a session error) passes untouched. A fetch
 * session's record of what its client was told is taken back for a withheld response ({@link FetchHandler#withheld}),
 * as Kafka updates a session only for a response it sends. As in Kafka,
 * the request's MaxBytes is first lowered to what the quota allows over its shortest measuring span, so a fetch larger
 * than that is not throttled and emptied forever.
 */
final class ThrottledFetchHandler implements RequestHandler {
    private final RequestHandler fetch;
    private final RateQuotas quotas;

    ThrottledFetchHandler(RequestHandler fetch, RateQuotas quotas) {
        if (fetch.api() != ApiKey.FETCH) {
            throw new IllegalArgumentException("Not a Fetch handler: " + fetch.api());
        }
        this.fetch = fetch;
        this.quotas = quotas;
    }

    @Override
    public ApiKey api() {
        return ApiKey.FETCH;
    }

    @Override
    public Versions versions() {
        return fetch.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        quotas.maxValueInWindow(ClientQuotas.user(context), ClientQuotas.clientId(context)).ifPresent(max -> {
            if (request.get(FetchRequest.MAX_BYTES) > max) {
                request.set(FetchRequest.MAX_BYTES, (int) Math.max(1, max));
            }
        });
        return fetch.handle(context, request).thenApply(response -> throttle(context, response));
    }

    private Response throttle(RequestContext context, Response response) {
        if (!(response instanceof Response.Body body)
                || body.body().get(FetchResponse.ERROR_CODE) != ErrorCode.NONE.code()) {
            return response;
        }
        String user = ClientQuotas.user(context);
        String clientId = ClientQuotas.clientId(context);
        long bytes = RecordBytes.sum(body.body(), FetchResponse.RESPONSES, FetchResponse.FetchableTopicResponse.PARTITIONS,
                FetchResponse.PartitionData.RECORDS);
        long throttleMs = quotas.recordAndGetThrottleTimeMs(user, clientId, bytes);
        if (throttleMs <= 0) {
            return response;
        }
        quotas.unrecord(user, clientId, bytes);
        int throttle = ClientQuotas.asInt(throttleMs);
        if (fetch instanceof FetchHandler sessions) {
            // The fetch session must not think the client was told what this response carried.
            return Response.of(sessions.withheld(body.body(), throttle));
        }
        return Response.of(FetchResponse.SCHEMA.newMessage()
                .set(FetchResponse.THROTTLE_TIME_MS, throttle)
                .set(FetchResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(FetchResponse.SESSION_ID, body.body().get(FetchResponse.SESSION_ID))
                .set(FetchResponse.RESPONSES, List.of()));
    }
}
