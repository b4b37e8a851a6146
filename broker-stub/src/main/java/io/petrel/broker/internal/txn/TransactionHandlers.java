package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.handler.LazyRequestHandler;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Versions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The handlers of the transaction APIs, over one {@link TransactionCoordinator}. */
public final class TransactionHandlers {
    /** The first EndTxn version of transactions version 2 (the epoch bumped at every end). */
    static final short END_TXN_V2 = 5;

    private TransactionHandlers() {
    }

    /**
     * AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn (v5 only while {@code transactionVersion} is
     * 2), DescribeTransactions and ListTransactions.
     *
     * @param transactionVersion the finalized transaction.version, read at each request
     * @param clock              the wall clock ListTransactions' duration filter is measured on
     * @param access             the authorizer each handler asks, with Kafka's rules for these APIs
     */
    public static List<RequestHandler> create(TransactionCoordinator coordinator, TopicRegistry topics,
                                              IntSupplier transactionVersion, Clock clock, RequestAuthorizer access) {
        Versions all = ApiKey.END_TXN.versions();
        Versions withoutV2 = new Versions(all.lowest(), (short) (END_TXN_V2 - 1));
        Supplier<Versions> endTxn = () -> transactionVersion.getAsInt() >= 2 ? all : withoutV2;
        // Built on the first request of their API (LazyRequestHandler), but EndTxn, whose versions change with
        // transaction.version.
        LazyRequestHandler.Factory build = api -> switch (api) {
            case ADD_PARTITIONS_TO_TXN -> new AddPartitionsToTxnHandler(coordinator, topics, access);
            case ADD_OFFSETS_TO_TXN -> new AddOffsetsToTxnHandler(coordinator, access);
            case TXN_OFFSET_COMMIT -> new TxnOffsetCommitHandler(coordinator, topics, access);
            case DESCRIBE_TRANSACTIONS -> new DescribeTransactionsHandler(coordinator, access);
            case LIST_TRANSACTIONS -> new ListTransactionsHandler(coordinator, clock, access);
            default -> throw new IllegalArgumentException("No transaction handler built lazily for " + api);
        };
        List<RequestHandler> handlers = new ArrayList<>(LazyRequestHandler.each(build, List.of(
                ApiKey.ADD_PARTITIONS_TO_TXN, ApiKey.ADD_OFFSETS_TO_TXN, ApiKey.TXN_OFFSET_COMMIT,
                ApiKey.DESCRIBE_TRANSACTIONS, ApiKey.LIST_TRANSACTIONS)));
        handlers.add(new EndTxnHandler(coordinator, endTxn, access));
        return List.copyOf(handlers);
    }
}
