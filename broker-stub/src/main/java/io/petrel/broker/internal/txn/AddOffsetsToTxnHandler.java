package io.petrel.broker.internal.txn;

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
import io.petrel.protocol.schemas.AddOffsetsToTxnRequest;
import io.petrel.protocol.schemas.AddOffsetsToTxnResponse;

import java.util.concurrent.CompletableFuture;

/**
 * Answers AddOffsetsToTxn (transactions version 1): a group's offsets join the open transaction. With an
 * authorizer it needs WRITE on the transactional id and READ on the group, as in Kafka.
 */
final class AddOffsetsToTxnHandler implements RequestHandler {
    private final TransactionCoordinator coordinator;

    private final RequestAuthorizer access;

    AddOffsetsToTxnHandler(TransactionCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public Versions versions() {
        return ApiKey.ADD_OFFSETS_TO_TXN.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> {
            String id = request.get(AddOffsetsToTxnRequest.TRANSACTIONAL_ID);
            String group = request.get(AddOffsetsToTxnRequest.GROUP_ID);
            ErrorCode error;
            if (!access.allowed(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, id)) {
                error = ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
            } else if (!access.allowedOnGroup(context, AclOperation.READ, group)) {
                error = ErrorCode.GROUP_AUTHORIZATION_FAILED;
            } else {
                error = coordinator.addOffsets(id, request.get(AddOffsetsToTxnRequest.PRODUCER_ID),
                        request.get(AddOffsetsToTxnRequest.PRODUCER_EPOCH), group);
            }
            return AddOffsetsToTxnResponse.SCHEMA.newMessage()
                    .set(AddOffsetsToTxnResponse.THROTTLE_TIME_MS, 0)
                    .set(AddOffsetsToTxnResponse.ERROR_CODE, error.code());
        });
    }
}
