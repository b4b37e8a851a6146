package io.petrel.tools.internal.admin;

import io.petrel.client.TopicPartition;
import io.petrel.client.internal.CoordinatorType;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeTransactionsRequest;
import io.petrel.protocol.schemas.DescribeTransactionsResponse;
import io.petrel.protocol.schemas.ListTransactionsRequest;
import io.petrel.protocol.schemas.ListTransactionsResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Transaction administration for {@link ClusterAdmin}, as kafka-transactions does it: ListTransactions on every
 * broker (each lists the transactional ids it coordinates), and for one transactional id FindCoordinator then
 * DescribeTransactions to that coordinator.
 */
final class TransactionAdmin {
    private final AdminChannel channel;

    TransactionAdmin(AdminChannel channel) {
        this.channel = channel;
    }

    /** Every transactional id of every broker, sorted by id. */
    List<TransactionListing> listTransactions() {
        Map<String, TransactionListing> listed = new TreeMap<>();
        for (int node : channel.metadata(List.of()).brokers().keySet()) {
            Message response = channel.sendTo(node, ApiKey.LIST_TRANSACTIONS,
                    version -> ListTransactionsRequest.SCHEMA.newMessage(), "ListTransactions").body();
            AdminChannel.throwIfError(response.get(ListTransactionsResponse.ERROR_CODE), null,
                    "Transactions could not be listed on broker " + node);
            for (Message t : response.get(ListTransactionsResponse.TRANSACTION_STATES)) {
                String id = t.get(ListTransactionsResponse.TransactionState.TRANSACTIONAL_ID);
                listed.put(id, new TransactionListing(id, node, t.get(ListTransactionsResponse.TransactionState.PRODUCER_ID),
                        t.get(ListTransactionsResponse.TransactionState.TRANSACTION_STATE)));
            }
        }
        return List.copyOf(listed.values());
    }

    /**
     * The state of one transactional id at its coordinator.
     *
     * @throws io.petrel.client.BrokerErrorException TRANSACTIONAL_ID_NOT_FOUND for an id no producer has used
     */
    TransactionDescription describeTransaction(String transactionalId) {
        int coordinator = channel.findCoordinator(CoordinatorType.TRANSACTION, transactionalId);
        Message response = channel.sendTo(coordinator, ApiKey.DESCRIBE_TRANSACTIONS,
                version -> DescribeTransactionsRequest.SCHEMA.newMessage()
                        .set(DescribeTransactionsRequest.TRANSACTIONAL_IDS, List.of(transactionalId)),
                "DescribeTransactions").body();
        Message state = response.get(DescribeTransactionsResponse.TRANSACTION_STATES).get(0);
        AdminChannel.throwIfError(state.get(DescribeTransactionsResponse.TransactionState.ERROR_CODE), null,
                "Transactional id '" + transactionalId + "' could not be described");
        List<TopicPartition> partitions = new ArrayList<>();
        for (Message t : state.get(DescribeTransactionsResponse.TransactionState.TOPICS)) {
            String topic = t.get(DescribeTransactionsResponse.TopicData.TOPIC);
            t.get(DescribeTransactionsResponse.TopicData.PARTITIONS).forEach(p -> partitions.add(new TopicPartition(topic, p)));
        }
        partitions.sort(ClusterAdmin.PARTITION_ORDER);
        long start = state.get(DescribeTransactionsResponse.TransactionState.TRANSACTION_START_TIME_MS);
        return new TransactionDescription(coordinator, transactionalId,
                state.get(DescribeTransactionsResponse.TransactionState.PRODUCER_ID),
                state.get(DescribeTransactionsResponse.TransactionState.PRODUCER_EPOCH),
                state.get(DescribeTransactionsResponse.TransactionState.TRANSACTION_STATE),
                state.get(DescribeTransactionsResponse.TransactionState.TRANSACTION_TIMEOUT_MS),
                start < 0 ? OptionalLong.empty() : OptionalLong.of(start), List.copyOf(partitions));
    }
}
