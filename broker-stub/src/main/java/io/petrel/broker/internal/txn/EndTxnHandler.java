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
import io.petrel.protocol.schemas.EndTxnRequest;
import io.petrel.protocol.schemas.EndTxnResponse;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Answers EndTxn: commits or aborts a transaction. Version 5 and later are transactions version 2: the
 * epoch is bumped and the response carries it; they are served only while this broker finalizes
 * transaction.version 2 (read at each request: UpdateFeatures may change it). With an authorizer it needs WRITE on the transactional id, as in Kafka.
 */
final class EndTxnHandler implements RequestHandler {
    private final TransactionCoordinator coordinator;
    private final Supplier<Versions> versions;
    private final RequestAuthorizer access;

    EndTxnHandler(TransactionCoordinator coordinator, Supplier<Versions> versions, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.versions = versions;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.END_TXN;
    }

    @Override
    public Versions versions() {
        return versions.get();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> {
            String id = request.get(EndTxnRequest.TRANSACTIONAL_ID);
            TransactionCoordinator.EndResult result = !access.allowed(context, AclOperation.WRITE,
                    ResourceType.TRANSACTIONAL_ID, id)
                    ? new TransactionCoordinator.EndResult(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, -1L, (short) -1)
                    : coordinator.endTxn(id, request.get(EndTxnRequest.PRODUCER_ID),
                    request.get(EndTxnRequest.PRODUCER_EPOCH), request.get(EndTxnRequest.COMMITTED),
                    context.apiVersion() >= 5);
            Message response = EndTxnResponse.SCHEMA.newMessage()
                    .set(EndTxnResponse.THROTTLE_TIME_MS, 0)
                    .set(EndTxnResponse.ERROR_CODE, result.error().code());
            if (context.apiVersion() >= 5) {
                response.set(EndTxnResponse.PRODUCER_ID, result.producerId())
                        .set(EndTxnResponse.PRODUCER_EPOCH, result.producerEpoch());
            }
            return response;
        });
    }
}
