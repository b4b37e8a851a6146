package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.handler.ImmediateResponse;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers AddPartitionsToTxn. Versions 0-3 come from a producer (one transaction); 4 and later are the
 * batched form brokers verify Produce requests with, where {@code VerifyOnly} only checks membership. As
 * Kafka: an unknown partition is UNKNOWN_TOPIC_OR_PARTITION and the others of the transaction then
 * OPERATION_NOT_ATTEMPTED, nothing added; otherwise every partition carries the coordinator's answer.
 */
final class AddPartitionsToTxnHandler implements RequestHandler {
    private final TransactionCoordinator coordinator;
    private final TopicRegistry topics;

    AddPartitionsToTxnHandler(TransactionCoordinator coordinator, TopicRegistry topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKey api() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public Versions versions() {
        return ApiKey.ADD_PARTITIONS_TO_TXN.requestSchema().validVersions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> {
            Message response = AddPartitionsToTxnResponse.SCHEMA.newMessage()
                    .set(AddPartitionsToTxnResponse.THROTTLE_TIME_MS, 0);
            if (context.apiVersion() < 4) {
                return response.set(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW, add(
                        request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_TRANSACTIONAL_ID),
                        request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_ID),
                        request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_EPOCH),
                        request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS), false));
            }
            List<Message> results = new ArrayList<>();
            for (Message txn : request.get(AddPartitionsToTxnRequest.TRANSACTIONS)) {
                String id = txn.get(AddPartitionsToTxnTransaction.TRANSACTIONAL_ID);
                results.add(Message.of(AddPartitionsToTxnResult.SCHEMA)
                        .set(AddPartitionsToTxnResult.TRANSACTIONAL_ID, id)
                        .set(AddPartitionsToTxnResult.TOPIC_RESULTS, add(id,
                                txn.get(AddPartitionsToTxnTransaction.PRODUCER_ID),
                                txn.get(AddPartitionsToTxnTransaction.PRODUCER_EPOCH),
                                txn.get(AddPartitionsToTxnTransaction.TOPICS),
                                txn.get(AddPartitionsToTxnTransaction.VERIFY_ONLY))));
            }
            return response.set(AddPartitionsToTxnResponse.ERROR_CODE, ErrorCode.NONE.code())
                    .set(AddPartitionsToTxnResponse.RESULTS_BY_TRANSACTION, results);
        });
    }

    private List<Message> add(String transactionalId, long producerId, short epoch, List<Message> requested,
                              boolean verifyOnly) {
        List<TopicPartition> partitions = new ArrayList<>();
        List<TopicPartition> unknown = new ArrayList<>();
        for (Message t : requested) {
            String topic = t.get(AddPartitionsToTxnTopic.NAME);
            for (int p : t.get(AddPartitionsToTxnTopic.PARTITIONS)) {
                TopicPartition tp = new TopicPartition(topic, p);
                partitions.add(tp);
                if (topics.topic(topic).map(x -> !x.hasPartition(p)).orElse(true)) {
                    unknown.add(tp);
                }
            }
        }
        ErrorCode error = unknown.isEmpty()
                ? coordinator.addPartitions(transactionalId, producerId, epoch, partitions, verifyOnly)
                : ErrorCode.OPERATION_NOT_ATTEMPTED;
        List<Message> out = new ArrayList<>();
        for (Message t : requested) {
            String topic = t.get(AddPartitionsToTxnTopic.NAME);
            List<Message> results = new ArrayList<>();
            for (int p : t.get(AddPartitionsToTxnTopic.PARTITIONS)) {
                ErrorCode e = unknown.contains(new TopicPartition(topic, p)) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : error;
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
