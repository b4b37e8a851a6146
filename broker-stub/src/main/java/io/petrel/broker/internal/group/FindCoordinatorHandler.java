package io.petrel.broker.internal.group;

import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.acl.ResourceType;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
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
 * advertised on the listener the request came in on. With an authorizer, DESCRIBE on the group (or the
 * transactional id) is needed, else GROUP_AUTHORIZATION_FAILED (TRANSACTIONAL_ID_AUTHORIZATION_FAILED).
 */
final class FindCoordinatorHandler implements RequestHandler {
    /** Coordinator key types: consumer groups and transactional ids both live on this node. */
    private static final byte KEY_TYPE_GROUP = 0;
    private static final byte KEY_TYPE_TRANSACTION = 1;

    private final BrokerIdentity identity;
    private final RequestAuthorizer access;

    FindCoordinatorHandler(BrokerIdentity identity, RequestAuthorizer access) {
        this.identity = identity;
        this.access = access;
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
        if (v < 4) {
            ErrorCode error = error(context, keyType, request.get(FindCoordinatorRequest.KEY));
            boolean found = error == ErrorCode.NONE;
            response.set(FindCoordinatorResponse.ERROR_CODE, error.code())
                    .set(FindCoordinatorResponse.NODE_ID, found ? identity.nodeId() : -1)
                    .set(FindCoordinatorResponse.HOST, found ? advertised.host() : "")
                    .set(FindCoordinatorResponse.PORT, found ? advertised.port() : -1);
            if (v >= 1) {
                response.set(FindCoordinatorResponse.ERROR_MESSAGE, message(error, keyType));
            }
        } else {
            List<Message> coordinators = new ArrayList<>();
            for (String key : request.get(FindCoordinatorRequest.COORDINATOR_KEYS)) {
                ErrorCode error = error(context, keyType, key);
                boolean found = error == ErrorCode.NONE;
                coordinators.add(Message.of(FindCoordinatorResponse.Coordinator.SCHEMA)
                        .set(FindCoordinatorResponse.Coordinator.KEY, key)
                        .set(FindCoordinatorResponse.Coordinator.NODE_ID, found ? identity.nodeId() : -1)
                        .set(FindCoordinatorResponse.Coordinator.HOST, found ? advertised.host() : "")
                        .set(FindCoordinatorResponse.Coordinator.PORT, found ? advertised.port() : -1)
                        .set(FindCoordinatorResponse.Coordinator.ERROR_CODE, error.code())
                        .set(FindCoordinatorResponse.Coordinator.ERROR_MESSAGE, message(error, keyType)));
            }
            response.set(FindCoordinatorResponse.COORDINATORS, coordinators);
        }
        return response;
    }

    /** NONE when this node coordinates {@code key} for the requester; else why not. */
    private ErrorCode error(RequestContext context, byte keyType, String key) {
        if (keyType == KEY_TYPE_GROUP) {
            return access.allowedOnGroup(context, AclOperation.DESCRIBE, key) ? ErrorCode.NONE
                    : ErrorCode.GROUP_AUTHORIZATION_FAILED;
        }
        if (keyType == KEY_TYPE_TRANSACTION) {
            return access.allowed(context, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, key) ? ErrorCode.NONE
                    : ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        }
        return ErrorCode.INVALID_REQUEST;
    }

    private static String message(ErrorCode error, byte keyType) {
        return error == ErrorCode.INVALID_REQUEST ? "Unsupported coordinator key type " + keyType : error.name();
    }
}
