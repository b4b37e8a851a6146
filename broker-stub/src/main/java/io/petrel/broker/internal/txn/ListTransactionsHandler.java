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
import io.petrel.protocol.schemas.ListTransactionsRequest;
import io.petrel.protocol.schemas.ListTransactionsResponse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Answers ListTransactions (Admin.listTransactions, kafka-transactions --list): every transactional id with
 * its producer id and state, filtered as Kafka filters: by state (names this coordinator does not know are
 * returned in UnknownStateFilters), by producer id, by how long the transaction has run (v1+, open ones
 * only) and by a regular expression on the id (v2+; one that does not compile is INVALID_REGULAR_EXPRESSION).
 * With an authorizer only ids the client may DESCRIBE are listed, as in Kafka.
 */
final class ListTransactionsHandler implements RequestHandler {
    private final TransactionCoordinator coordinator;
    private final Clock clock;

    private final RequestAuthorizer access;

    ListTransactionsHandler(TransactionCoordinator coordinator, Clock clock, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.clock = clock;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.LIST_TRANSACTIONS;
    }

    @Override
    public Versions versions() {
        return ApiKey.LIST_TRANSACTIONS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> list(context, request));
    }

    private Message list(RequestContext context, Message request) {
        short version = context.apiVersion();
        Message response = ListTransactionsResponse.SCHEMA.newMessage()
                .set(ListTransactionsResponse.THROTTLE_TIME_MS, 0)
                .set(ListTransactionsResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(ListTransactionsResponse.TRANSACTION_STATES, List.of());
        Set<TransactionState> states = EnumSet.noneOf(TransactionState.class);
        List<String> unknown = new ArrayList<>();
        for (String name : request.get(ListTransactionsRequest.STATE_FILTERS)) {
            TransactionState s = TransactionState.forKafkaName(name);
            if (s == null) {
                unknown.add(name);
            } else {
                states.add(s);
            }
        }
        response.set(ListTransactionsResponse.UNKNOWN_STATE_FILTERS, unknown);
        Pattern pattern = null;
        String regex = version >= 2 ? request.get(ListTransactionsRequest.TRANSACTIONAL_ID_PATTERN) : null;
        if (regex != null && !regex.isEmpty()) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                return response.set(ListTransactionsResponse.ERROR_CODE, ErrorCode.INVALID_REGULAR_EXPRESSION.code());
            }
        }
        List<Long> producerIds = request.get(ListTransactionsRequest.PRODUCER_ID_FILTERS);
        long minDuration = version >= 1 ? request.get(ListTransactionsRequest.DURATION_FILTER) : -1L;
        long now = clock.millis();
        List<Message> out = new ArrayList<>();
        for (TransactionCoordinator.TransactionView v : coordinator.transactions()) {
            boolean stateOk = request.get(ListTransactionsRequest.STATE_FILTERS).isEmpty() || states.contains(v.state());
            boolean producerOk = producerIds.isEmpty() || producerIds.contains(v.producerId());
            boolean durationOk = minDuration < 0 || (v.startWallMs() >= 0 && now - v.startWallMs() >= minDuration);
            boolean idOk = pattern == null || pattern.matcher(v.transactionalId()).matches();
            if (stateOk && producerOk && durationOk && idOk
                    && access.allowed(context, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, v.transactionalId())) {
                out.add(Message.of(ListTransactionsResponse.TransactionState.SCHEMA)
                        .set(ListTransactionsResponse.TransactionState.TRANSACTIONAL_ID, v.transactionalId())
                        .set(ListTransactionsResponse.TransactionState.PRODUCER_ID, v.producerId())
                        .set(ListTransactionsResponse.TransactionState.TRANSACTION_STATE, v.state().kafkaName()));
            }
        }
        return response.set(ListTransactionsResponse.TRANSACTION_STATES, out);
    }
}
