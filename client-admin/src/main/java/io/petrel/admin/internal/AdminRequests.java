package io.petrel.admin.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.DisconnectedException;
import io.petrel.client.Node;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.CoordinatorLookup;
import io.petrel.client.internal.CoordinatorType;
import io.petrel.client.internal.RequestBody;
import io.petrel.client.internal.network.ConnectFailedException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataRequest.MetadataRequestTopic;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseBroker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How every Admin call reaches the cluster: to any broker, to one node, or to a group's coordinator (found by
 * client-core's {@link CoordinatorLookup}, the one FindCoordinator of the code base), each request bounded by
 * default.api.timeout.ms; and {@link #retrying} a whole attempt after the errors that only mean "not ready yet"
 * (a coordinator loading or moving, a leader changing, a dropped connection), with backoff, until that timeout.
 *
 * <p>client-core's network addresses a node by id once its own metadata knows that node; a node it does not
 * know yet is learnt by a Metadata request through the network (or, on a single-broker cluster, reached through
 * the bootstrap connection).
 */
final class AdminRequests implements AutoCloseable {
    /** Errors that say "ask again in a moment", never anything about the resource itself. */
    private static final Set<ErrorCode> TRANSIENT = Set.of(ErrorCode.COORDINATOR_NOT_AVAILABLE,
            ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.NOT_COORDINATOR, ErrorCode.NOT_CONTROLLER,
            ErrorCode.LEADER_NOT_AVAILABLE, ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.REBALANCE_IN_PROGRESS);

    private final ClientNetwork network;
    private final AdminSettings settings;
    private final Time time;

    AdminRequests(ClientNetwork network, AdminSettings settings, Time time) {
        this.network = network;
        this.settings = settings;
        this.time = time;
    }

    Duration apiTimeout() {
        return settings.apiTimeout();
    }

    int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, settings.apiTimeout().toMillis());
    }

    CompletableFuture<ClientNetwork.Response> toAny(ApiKey api, RequestBody body) {
        return network.sendToAny(api, body, settings.apiTimeout());
    }

    CompletableFuture<ClientNetwork.Response> toNode(int nodeId, ApiKey api, RequestBody body) {
        if (network.metadata().node(nodeId).isPresent()) {
            return network.send(nodeId, api, body, settings.apiTimeout());
        }
        return brokers().thenCompose(brokers -> {
            if (brokers.size() == 1 && brokers.containsKey(nodeId)) {
                // The only broker answers through its bootstrap connection (node -1, -2, ...): the answer is
                // still nodeId's, and callers name the broker by it.
                return toAny(api, body).thenApply(response ->
                        new ClientNetwork.Response(nodeId, response.version(), response.body()));
            }
            return learnBrokers().thenCompose(ignored -> network.send(nodeId, api, body, settings.apiTimeout()));
        });
    }

    /** Sends to the coordinator of {@code groupId}; its errors are the caller's to check. */
    CompletableFuture<ClientNetwork.Response> toCoordinator(String groupId, ApiKey api, RequestBody body) {
        return coordinator(groupId).thenCompose(node -> toNode(node.id(), api, body));
    }

    CompletableFuture<Node> coordinator(String groupId) {
        return coordinator(CoordinatorType.GROUP, groupId);
    }

    /** The coordinator of a group or a transactional id, through client-core's one FindCoordinator lookup. */
    CompletableFuture<Node> coordinator(CoordinatorType type, String key) {
        return CoordinatorLookup.find(network, type, key, settings.apiTimeout())
                .thenApply(found -> new Node(found.nodeId(), found.host(), found.port(), null));
    }

    /** A Metadata request that never creates a topic: {@code topics} null for all, empty for brokers only. */
    CompletableFuture<ClientNetwork.Response> metadata(Collection<String> topics) {
        List<Message> requested = topics == null ? null : topics.stream()
                .map(t -> Message.of(MetadataRequestTopic.SCHEMA).set(MetadataRequestTopic.NAME, t)).toList();
        return toAny(ApiKey.METADATA, version -> MetadataRequest.SCHEMA.newMessage()
                .set(MetadataRequest.TOPICS, requested)
                .set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, false));
    }

    /** The brokers of a Metadata response, by node id. */
    static Map<Integer, Node> brokersOf(Message metadata) {
        Map<Integer, Node> brokers = new TreeMap<>();
        for (Message b : metadata.get(MetadataResponse.BROKERS)) {
            int id = b.get(MetadataResponseBroker.NODE_ID);
            brokers.put(id, new Node(id, b.get(MetadataResponseBroker.HOST), b.get(MetadataResponseBroker.PORT),
                    b.get(MetadataResponseBroker.RACK)));
        }
        return brokers;
    }

    CompletableFuture<Map<Integer, Node>> brokers() {
        return metadata(List.of()).thenApply(r -> brokersOf(r.body()));
    }

    /**
     * Has the network learn every broker's address: its metadata is fetched for topics it is asked about, and any
     * answer lists all brokers; an existing topic is asked about so nothing is created.
     */
    private CompletableFuture<Void> learnBrokers() {
        return metadata(null).thenCompose(r -> {
            List<Message> topics = r.body().get(MetadataResponse.TOPICS);
            if (topics.isEmpty()) {
                throw new ClientException("Cannot address the brokers of a cluster with no topics and several brokers");
            }
            String any = topics.get(0).get(MetadataResponse.MetadataResponseTopic.NAME);
            return network.metadata().awaitTopic(any).thenApply(ignored -> null);
        });
    }

    /**
     * Runs {@code attempt} and runs it again, after backoff, while it fails with a transient error, until
     * default.api.timeout.ms or retries run out; then the last failure (or a TimeoutException) stands.
     */
    <T> CompletableFuture<T> retrying(String what, Supplier<CompletableFuture<T>> attempt) {
        long deadline = time.nanoseconds() + settings.apiTimeout().toNanos();
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(what, attempt, deadline, 0, result);
        return result;
    }

    private <T> void attempt(String what, Supplier<CompletableFuture<T>> attempt, long deadline, int tries,
                             CompletableFuture<T> result) {
        CompletableFuture<T> once;
        try {
            once = attempt.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        once.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(failure);
            long backoff = backoffMs(tries);
            boolean inTime = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(backoff) - deadline < 0;
            if (!isTransient(cause) || tries >= settings.retries() || !inTime) {
                result.completeExceptionally(isTransient(cause) && !inTime
                        ? new TimeoutException(what + " did not succeed within default.api.timeout.ms ("
                        + settings.apiTimeout().toMillis() + " ms); last error: " + cause.getMessage())
                        : cause);
                return;
            }
            CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(what, attempt, deadline, tries + 1, result));
        });
    }

    private long backoffMs(int tries) {
        long base = settings.retryBackoff().toMillis();
        long max = settings.retryBackoffMax().toMillis();
        return Math.min(max, base << Math.min(tries, 20));
    }

    /**
     * A dropped connection is retried, one that could not be opened at all (refused, unknown host) is not: the
     * caller hears at once which address failed, rather than after default.api.timeout.ms.
     */
    static boolean isTransient(Throwable t) {
        return t instanceof DisconnectedException && !(t instanceof ConnectFailedException)
                || t instanceof BrokerErrorException b && TRANSIENT.contains(b.error());
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() {
        network.close();
    }
}
