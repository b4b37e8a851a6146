package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.acl.ResourceType;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.broker.internal.topic.TopicPartition;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest.AddPartitionsToTxnTopic;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest.AddPartitionsToTxnTransaction;
import io.petrel.protocol.schemas.AddPartitionsToTxnResponse;
import io.petrel.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult;
import io.petrel.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnResult;
import io.petrel.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers AddPartitionsToTxn. Versions 0-3 come from a producer (one transaction); 4 and later are the
 * batched form brokers verify Produce requests with, where {@code VerifyOnly} only checks membership. As
 * Kafka: an unknown partition is UNKNOWN_TOPIC_OR_PARTITION and the others of the transaction then
 * OPERATION_NOT_ATTEMPTED, nothing added; otherwise every partition carries the coordinator's answer. With an
 * authorizer, as Kafka: v0-3 need WRITE on the transactional id (else every partition is
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED) and on each topic (TOPIC_AUTHORIZATION_FAILED for the others); the
 * broker-to-broker form (4+) needs CLUSTER_ACTION.
 */
final class AddPartitionsToTxnHandler implements RequestHandler {
    private final TransactionCoordinator coordinator;
    private final TopicRegistry topics;
    private final RequestAuthorizer access;

    AddPartitionsToTxnHandler(TransactionCoordinator coordinator, TopicRegistry topics, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public Versions versions() {
        return ApiKey.ADD_PARTITIONS_TO_TXN.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> {
            Message response = AddPartitionsToTxnResponse.SCHEMA.newMessage()
                    .set(AddPartitionsToTxnResponse.THROTTLE_TIME_MS, 0);
            if (context.apiVersion() < 4) {
                return response.set(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW, add(context,
                        request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_TRANSACTIONAL_ID),
                        request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_ID),
                        request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_EPOCH),
                        request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS), false));
            }
            List<Message> results = new ArrayList<>();
            if (!access.allowedOnCluster(context, AclOperation.CLUSTER_ACTION)) {
                return response.set(AddPartitionsToTxnResponse.ERROR_CODE, ErrorCode.CLUSTER_AUTHORIZATION_FAILED.code())
                        .set(AddPartitionsToTxnResponse.RESULTS_BY_TRANSACTION, results);
            }
            for (Message txn : request.get(AddPartitionsToTxnRequest.TRANSACTIONS)) {
                String id = txn.get(AddPartitionsToTxnTransaction.TRANSACTIONAL_ID);
                results.add(Message.of(AddPartitionsToTxnResult.SCHEMA)
                        .set(AddPartitionsToTxnResult.TRANSACTIONAL_ID, id)
                        .set(AddPartitionsToTxnResult.TOPIC_RESULTS, add(null, id,
                                txn.get(AddPartitionsToTxnTransaction.PRODUCER_ID),
                                txn.get(AddPartitionsToTxnTransaction.PRODUCER_EPOCH),
                                txn.get(AddPartitionsToTxnTransaction.TOPICS),
                                txn.get(AddPartitionsToTxnTransaction.VERIFY_ONLY))));
            }
            return response.set(AddPartitionsToTxnResponse.ERROR_CODE, ErrorCode.NONE.code())
                    .set(AddPartitionsToTxnResponse.RESULTS_BY_TRANSACTION, results);
        });
    }

    /** @param client the producer's request context, whose ACLs are checked; null for a broker's verification */
    private List<Message> add(RequestContext client, String transactionalId, long producerId, short epoch,
                              List<Message> requested, boolean verifyOnly) {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, ErrorCode> refused = new HashMap<>();
        boolean idAllowed = client == null
                || access.allowed(client, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactionalId);
        for (Message t : requested) {
            String topic = t.get(AddPartitionsToTxnTopic.NAME);
            boolean topicAllowed = client == null || access.allowedOnTopic(client, AclOperation.WRITE, topic);
            for (int p : t.get(AddPartitionsToTxnTopic.PARTITIONS)) {
                TopicPartition tp = new TopicPartition(topic, p);
                partitions.add(tp);
                if (!idAllowed) {
                    refused.put(tp, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
                } else if (!topicAllowed) {
                    refused.put(tp, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
                } else if (topics.topic(topic).map(x -> !x.hasPartition(p)).orElse(true)) {
                    refused.put(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                }
            }
        }
        ErrorCode error = refused.isEmpty()
                ? coordinator.addPartitions(transactionalId, producerId, epoch, partitions, verifyOnly)
                : ErrorCode.OPERATION_NOT_ATTEMPTED;
        List<Message> out = new ArrayList<>();
        for (Message t : requested) {
            String topic = t.get(AddPartitionsToTxnTopic.NAME);
            List<Message> results = new ArrayList<>();
            for (int p : t.get(AddPartitionsToTxnTopic.PARTITIONS)) {
                ErrorCode e = refused.getOrDefault(new TopicPartition(topic, p), error);
                results.add(Message.of(AddPartitionsToTxnPartitionResult.SCHEMA)
                        .set(AddPartitionsToTxnPartitionResult.PARTITION_INDEX, p)
                        .set(AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE, e.code()));
            }
            out.add(Message.of(AddPartitionsToTxnTopicResult.SCHEMA)
                    .set(AddPartitionsToTxnTopicResult.NAME, topic)
                    .set(AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION, results));
        }
        return out;
    }
}
