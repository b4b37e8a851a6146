package io.petrel.broker.internal.feature;

import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupHeartbeat only while {@code group.version} is finalized at 1 or more, as Kafka 4.3.1 serves the
 * consumer group protocol (KIP-848): at level 0 the heartbeat is answered UNSUPPORTED_VERSION, which kafka-clients
 * reports as "The cluster does not support the new CONSUMER group protocol". The API stays advertised, as Kafka
 * keeps it; classic groups are not affected. A group already running under the protocol keeps its state; its
 * members' next heartbeats are refused.
 */
public final class ConsumerGroupProtocolGate implements RequestHandler {
    private final RequestHandler heartbeat;
    private final FinalizedFeatures finalized;

    private ConsumerGroupProtocolGate(RequestHandler heartbeat, FinalizedFeatures finalized) {
        this.heartbeat = heartbeat;
        this.finalized = finalized;
    }

    /** {@code handlers} with its ConsumerGroupHeartbeat handler, if any, gated on group.version. */
    public static void gate(List<RequestHandler> handlers, FinalizedFeatures finalized) {
        handlers.replaceAll(h -> h.api() == ApiKey.CONSUMER_GROUP_HEARTBEAT ? new ConsumerGroupProtocolGate(h, finalized) : h);
    }

    @Override
    public ApiKey api() {
        return heartbeat.api();
    }

    @Override
    public Versions versions() {
        return heartbeat.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        if (finalized.level(SupportedFeatures.GROUP_VERSION) >= 1) {
            return heartbeat.handle(context, request);
        }
        return CompletableFuture.completedFuture(Response.of(ConsumerGroupHeartbeatResponse.SCHEMA.newMessage()
                .set(ConsumerGroupHeartbeatResponse.THROTTLE_TIME_MS, 0)
                .set(ConsumerGroupHeartbeatResponse.ERROR_CODE, ErrorCode.UNSUPPORTED_VERSION.code())
                .set(ConsumerGroupHeartbeatResponse.ERROR_MESSAGE, "The consumer group protocol is not enabled: "
                        + "group.version is finalized at 0, it needs 1")
                .set(ConsumerGroupHeartbeatResponse.MEMBER_EPOCH, 0)
                .set(ConsumerGroupHeartbeatResponse.HEARTBEAT_INTERVAL_MS, 0)));
    }
}
