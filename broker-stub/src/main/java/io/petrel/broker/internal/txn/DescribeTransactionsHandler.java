package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.acl.ResourceType;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.broker.internal.topic.TopicPartition;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeTransactionsRequest;
import io.petrel.protocol.schemas.DescribeTransactionsResponse;
import io.petrel.protocol.schemas.DescribeTransactionsResponse.TopicData;
import io.petrel.protocol.schemas.DescribeTransactionsResponse.TransactionState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeTransactions (Admin.describeTransactions, kafka-transactions --describe): each id's state,
 * timeout, start time (-1 when no transaction is open), producer id and epoch and the partitions of its open
 * transaction; an id this coordinator never saw is TRANSACTIONAL_ID_NOT_FOUND. With an authorizer each id needs
 * DESCRIBE (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED), as in Kafka.
 */
final class DescribeTransactionsHandler implements RequestHandler {
    private final TransactionCoordinator coordinator;

    private final RequestAuthorizer access;

    DescribeTransactionsHandler(TransactionCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_TRANSACTIONS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_TRANSACTIONS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> {
            Map<String, TransactionCoordinator.TransactionView> known = new LinkedHashMap<>();
            for (TransactionCoordinator.TransactionView v : coordinator.transactions()) {
                known.put(v.transactionalId(), v);
            }
            List<Message> states = new ArrayList<>();
            for (String id : request.get(DescribeTransactionsRequest.TRANSACTIONAL_IDS)) {
                TransactionCoordinator.TransactionView v = known.get(id);
                Message state = Message.of(TransactionState.SCHEMA).set(TransactionState.TRANSACTIONAL_ID, id);
                boolean allowed = access.allowed(context, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, id);
                if (v == null || !allowed) {
                    ErrorCode error = allowed ? ErrorCode.TRANSACTIONAL_ID_NOT_FOUND
                            : ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
                    states.add(state.set(TransactionState.ERROR_CODE, error.code())
                            .set(TransactionState.TRANSACTION_STATE, "")
                            .set(TransactionState.TRANSACTION_TIMEOUT_MS, 0)
                            .set(TransactionState.TRANSACTION_START_TIME_MS, -1L)
                            .set(TransactionState.PRODUCER_ID, -1L)
                            .set(TransactionState.PRODUCER_EPOCH, (short) -1)
                            .set(TransactionState.TOPICS, List.of()));
                    continue;
                }
                states.add(state.set(TransactionState.ERROR_CODE, ErrorCode.NONE.code())
                        .set(TransactionState.TRANSACTION_STATE, v.state().kafkaName())
                        .set(TransactionState.TRANSACTION_TIMEOUT_MS, v.timeoutMs())
                        .set(TransactionState.TRANSACTION_START_TIME_MS, v.startWallMs())
                        .set(TransactionState.PRODUCER_ID, v.producerId())
                        .set(TransactionState.PRODUCER_EPOCH, v.producerEpoch())
                        .set(TransactionState.TOPICS, topics(v.partitions())));
            }
            return DescribeTransactionsResponse.SCHEMA.newMessage()
                    .set(DescribeTransactionsResponse.THROTTLE_TIME_MS, 0)
                    .set(DescribeTransactionsResponse.TRANSACTION_STATES, states);
        });
    }

    private static List<Message> topics(List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<Message> topics = new ArrayList<>();
        byTopic.forEach((topic, indexes) -> topics.add(Message.of(TopicData.SCHEMA)
                .set(TopicData.TOPIC, topic).set(TopicData.PARTITIONS, indexes)));
        return topics;
    }
}
