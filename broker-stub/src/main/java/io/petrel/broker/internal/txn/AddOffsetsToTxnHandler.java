package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.AddOffsetsToTxnRequest;
import io.petrel.protocol.schemas.AddOffsetsToTxnResponse;

import java.util.concurrent.CompletableFuture;

/** Answers AddOffsetsToTxn (transactions version 1): a group's offsets join the open transaction. */
final class AddOffsetsToTxnHandler implements RequestHandler {
    private final TransactionCoordinator coordinator;

    AddOffsetsToTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey api() {
        return ApiKey.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public Versions versions() {
        return ApiKey.ADD_OFFSETS_TO_TXN.requestSchema().validVersions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> AddOffsetsToTxnResponse.SCHEMA.newMessage()
                .set(AddOffsetsToTxnResponse.THROTTLE_TIME_MS, 0)
                .set(AddOffsetsToTxnResponse.ERROR_CODE, coordinator.addOffsets(
                        request.get(AddOffsetsToTxnRequest.TRANSACTIONAL_ID),
                        request.get(AddOffsetsToTxnRequest.PRODUCER_ID),
                        request.get(AddOffsetsToTxnRequest.PRODUCER_EPOCH),
                        request.get(AddOffsetsToTxnRequest.GROUP_ID)).code()));
    }
}
