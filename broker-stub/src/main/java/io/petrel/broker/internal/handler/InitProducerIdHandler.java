package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.acl.ResourceType;
import io.petrel.broker.internal.txn.TransactionCoordinator;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.InitProducerIdRequest;
import io.petrel.protocol.schemas.InitProducerIdResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Answers InitProducerId (v0-5): for a transactional id, the {@link TransactionCoordinator}'s producer id
 * and epoch (see {@link TransactionCoordinator#initProducerId}); for an idempotent producer, a new producer
 * id with epoch 0.
 *
 * <p>As Kafka's transaction coordinator does for a request without a transactional id, every request gets
 * a fresh id, including one that names its current producer id and epoch to have the epoch bumped
 * (KIP-360): the producer takes the new id and restarts its sequences, which is what a bump achieves.
 * Ids come from {@link ProducerIdAllocator}, unique across restarts of the data directory.
 *
 * <p>An empty transactional id is INVALID_REQUEST, as in Kafka.
 *
 * <p>With an authorizer, as Kafka: a transactional id needs WRITE on it (else
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED); an idempotent producer needs IDEMPOTENT_WRITE on the cluster or WRITE
 * on some topic (else CLUSTER_AUTHORIZATION_FAILED).
 */
public final class InitProducerIdHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(InitProducerIdHandler.class);

    private final ProducerIdAllocator producerIds;
    private final TransactionCoordinator transactions;
    private final RequestAuthorizer access;

    public InitProducerIdHandler(ProducerIdAllocator producerIds, TransactionCoordinator transactions,
                                 RequestAuthorizer access) {
        this.producerIds = producerIds;
        this.transactions = transactions;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public Versions versions() {
        return ApiKey.INIT_PRODUCER_ID.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> initProducerId(context, request));
    }

    private Message initProducerId(RequestContext context, Message request) {
        String transactionalId = request.get(InitProducerIdRequest.TRANSACTIONAL_ID);
        if (transactionalId != null) {
            if (transactionalId.isEmpty()) {
                return response(ErrorCode.INVALID_REQUEST, -1L, (short) -1);
            }
            if (!access.allowed(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactionalId)) {
                return response(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, -1L, (short) -1);
            }
            TransactionCoordinator.InitResult result = transactions.initProducerId(transactionalId,
                    request.get(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS),
                    context.apiVersion() >= 3 ? request.get(InitProducerIdRequest.PRODUCER_ID) : -1L,
                    context.apiVersion() >= 3 ? request.get(InitProducerIdRequest.PRODUCER_EPOCH) : (short) -1);
            log.debug("Client {} with transactional id {} gets {}", context.clientId(), transactionalId, result);
            return response(result.error(), result.producerId(), result.producerEpoch());
        }
        if (!access.allowedOnCluster(context, AclOperation.IDEMPOTENT_WRITE)
                && !access.allowedOnAny(context, AclOperation.WRITE, ResourceType.TOPIC)) {
            return response(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, -1L, (short) -1);
        }
        try {
            long producerId = producerIds.next();
            log.debug("Client {} gets producer id {}", context.clientId(), producerId);
            return response(ErrorCode.NONE, producerId, (short) 0);
        } catch (IOException e) {
            log.error("Could not reserve producer ids in the data directory", e);
            return response(ErrorCode.KAFKA_STORAGE_ERROR, -1L, (short) -1);
        }
    }

    private static Message response(ErrorCode error, long producerId, short epoch) {
        return InitProducerIdResponse.SCHEMA.newMessage()
                .set(InitProducerIdResponse.THROTTLE_TIME_MS, 0)
                .set(InitProducerIdResponse.ERROR_CODE, error.code())
                .set(InitProducerIdResponse.PRODUCER_ID, producerId)
                .set(InitProducerIdResponse.PRODUCER_EPOCH, epoch);
    }
}
