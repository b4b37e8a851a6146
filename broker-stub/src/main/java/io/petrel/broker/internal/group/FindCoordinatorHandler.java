package io.petrel.broker.internal.group;

import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.FindCoordinatorResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers FindCoordinator (every version): this single node coordinates every group and every
 * transactional id, so the answer is always this node; another key type is INVALID_REQUEST. From v4 one
 * request asks for many keys and gets one coordinator entry per key. The coordinator's address is the one
 * advertised on the listener the request came in on.
 */
final class FindCoordinatorHandler implements RequestHandler {
    /** Coordinator key types: consumer groups and transactional ids both live on this node. */
    private static final byte KEY_TYPE_GROUP = 0;
    private static final byte KEY_TYPE_TRANSACTION = 1;

    private final BrokerIdentity identity;

    FindCoordinatorHandler(BrokerIdentity identity) {
        this.identity = identity;
    }

    @Override
    public ApiKey api() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public Versions versions() {
        return ApiKey.FIND_COORDINATOR.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> findCoordinator(context, request));
    }

    private Message findCoordinator(RequestContext context, Message request) {
        short v = context.apiVersion();
        BrokerIdentity.Endpoint advertised = identity.advertised(context.listenerName());
        Message response = FindCoordinatorResponse.SCHEMA.newMessage().set(FindCoordinatorResponse.THROTTLE_TIME_MS, 0);
        byte keyType = request.get(FindCoordinatorRequest.KEY_TYPE);
        boolean served = keyType == KEY_TYPE_GROUP || keyType == KEY_TYPE_TRANSACTION;
        ErrorCode error = served ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST;
        String message = served ? ErrorCode.NONE.name() : "Unsupported coordinator key type " + keyType;
        if (v < 4) {
            response.set(FindCoordinatorResponse.ERROR_CODE, error.code())
                    .set(FindCoordinatorResponse.NODE_ID, served ? identity.nodeId() : -1)
                    .set(FindCoordinatorResponse.HOST, served ? advertised.host() : "")
                    .set(FindCoordinatorResponse.PORT, served ? advertised.port() : -1);
            if (v >= 1) {
                response.set(FindCoordinatorResponse.ERROR_MESSAGE, message);
            }
        } else {
            List<Message> coordinators = new ArrayList<>();
            for (String key : request.get(FindCoordinatorRequest.COORDINATOR_KEYS)) {
                coordinators.add(Message.of(FindCoordinatorResponse.Coordinator.SCHEMA)
                        .set(FindCoordinatorResponse.Coordinator.KEY, key)
                        .set(FindCoordinatorResponse.Coordinator.NODE_ID, served ? identity.nodeId() : -1)
                        .set(FindCoordinatorResponse.Coordinator.HOST, served ? advertised.host() : "")
                        .set(FindCoordinatorResponse.Coordinator.PORT, served ? advertised.port() : -1)
                        .set(FindCoordinatorResponse.Coordinator.ERROR_CODE, error.code())
                        .set(FindCoordinatorResponse.Coordinator.ERROR_MESSAGE, message));
            }
            response.set(FindCoordinatorResponse.COORDINATORS, coordinators);
        }
        return response;
    }
}
