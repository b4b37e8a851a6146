package io.petrel.admin.internal;

import io.petrel.admin.ResourceResults;
import io.petrel.admin.TransactionDescription;
import io.petrel.admin.TransactionListing;
import io.petrel.client.Node;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.CoordinatorType;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeTransactionsRequest;
import io.petrel.protocol.schemas.DescribeTransactionsResponse;
import io.petrel.protocol.schemas.ListTransactionsRequest;
import io.petrel.protocol.schemas.ListTransactionsResponse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The transaction calls, as kafka-transactions makes them: ListTransactions on every broker (each lists the
 * transactional ids it coordinates), and for one transactional id its coordinator (client-core's
 * CoordinatorLookup) then DescribeTransactions there. Each attempt is retried whole, as the group calls are.
 */
final class TransactionCalls {
    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final AdminRequests requests;

    TransactionCalls(AdminRequests requests) {
        this.requests = requests;
    }

    CompletableFuture<Collection<TransactionListing>> listTransactions() {
        return requests.retrying("ListTransactions", requests::brokers).thenCompose(brokers -> {
            List<CompletableFuture<List<TransactionListing>>> perBroker = brokers.keySet().stream()
                    .map(node -> requests.<ClientNetwork.Response>retrying("ListTransactions", () -> requests.toNode(node,
                            ApiKey.LIST_TRANSACTIONS, version -> ListTransactionsRequest.SCHEMA.newMessage()))
                            .thenApply(response -> listings(node, response)))
                    .toList();
            return CompletableFuture.allOf(perBroker.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                Map<String, TransactionListing> all = new TreeMap<>();
                perBroker.forEach(f -> f.join().forEach(t -> all.put(t.transactionalId(), t)));
                return List.copyOf(all.values());
            });
        });
    }

    /** The listings of one broker: it coordinates what it lists, so {@code node} is each one's coordinator. */
    private static List<TransactionListing> listings(int node, ClientNetwork.Response response) {
        Message body = response.body();
        AdminErrors.check(body.get(ListTransactionsResponse.ERROR_CODE), null, "The transactions of broker " + node);
        return body.get(ListTransactionsResponse.TRANSACTION_STATES).stream()
                .map(t -> new TransactionListing(t.get(ListTransactionsResponse.TransactionState.TRANSACTIONAL_ID),
                        node, t.get(ListTransactionsResponse.TransactionState.PRODUCER_ID),
                        t.get(ListTransactionsResponse.TransactionState.TRANSACTION_STATE)))
                .toList();
    }

    ResourceResults<String, TransactionDescription> describeTransactions(Collection<String> transactionalIds) {
        Map<String, CompletableFuture<TransactionDescription>> results = new LinkedHashMap<>();
        for (String id : transactionalIds) {
            results.put(id, requests.retrying("DescribeTransactions", () ->
                    requests.coordinator(CoordinatorType.TRANSACTION, id).thenCompose(node ->
                            requests.toNode(node.id(), ApiKey.DESCRIBE_TRANSACTIONS,
                                            version -> DescribeTransactionsRequest.SCHEMA.newMessage()
                                                    .set(DescribeTransactionsRequest.TRANSACTIONAL_IDS, List.of(id)))
                                    .thenApply(response -> description(id, node, response.body())))));
        }
        return new ResourceResults<>(results);
    }

    private static TransactionDescription description(String id, Node coordinator, Message body) {
        Message state = body.get(DescribeTransactionsResponse.TRANSACTION_STATES).get(0);
        AdminErrors.check(state.get(DescribeTransactionsResponse.TransactionState.ERROR_CODE), null, id);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Message t : state.get(DescribeTransactionsResponse.TransactionState.TOPICS)) {
            String topic = t.get(DescribeTransactionsResponse.TopicData.TOPIC);
            t.get(DescribeTransactionsResponse.TopicData.PARTITIONS).forEach(p -> partitions.add(new TopicPartition(topic, p)));
        }
        partitions.sort(PARTITION_ORDER);
        long start = state.get(DescribeTransactionsResponse.TransactionState.TRANSACTION_START_TIME_MS);
        return new TransactionDescription(coordinator.id(), id,
                state.get(DescribeTransactionsResponse.TransactionState.PRODUCER_ID),
                state.get(DescribeTransactionsResponse.TransactionState.PRODUCER_EPOCH),
                state.get(DescribeTransactionsResponse.TransactionState.TRANSACTION_STATE),
                state.get(DescribeTransactionsResponse.TransactionState.TRANSACTION_TIMEOUT_MS),
                start < 0 ? OptionalLong.empty() : OptionalLong.of(start), List.copyOf(partitions));
    }
}
