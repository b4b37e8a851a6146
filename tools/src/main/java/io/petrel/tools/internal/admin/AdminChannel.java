package io.petrel.tools.internal.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.Node;
import io.petrel.client.TimeoutException;
import io.petrel.client.TopicPartition;
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
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponsePartition;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseTopic;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The admin tools' line to the cluster: sends requests over client-core's {@link ClientNetwork} to any broker
 * or to a given one, waits for the answer within {@code default.api.timeout.ms}, and turns failures into
 * exceptions whose message is one line for a terminal ({@link ClusterUnreachableException}, or a
 * {@link BrokerErrorException} naming the error code). It also reads Metadata, which every admin call needs.
 *
 * <p>The network addresses a broker by node id only once its own metadata knows that broker, so a request
 * for a node it does not know yet first has the network fetch metadata for an existing topic (which lists
 * every broker); a single-broker cluster is reached through the bootstrap connection instead.
 */
final class AdminChannel implements AutoCloseable {
    private final ClientNetwork network;
    private final String bootstrapServers;
    private final Duration apiTimeout;

    AdminChannel(ClientNetwork network, String bootstrapServers, Duration apiTimeout) {
        this.network = network;
        this.bootstrapServers = bootstrapServers;
        this.apiTimeout = apiTimeout;
    }

    Duration apiTimeout() {
        return apiTimeout;
    }

    /** Brokers and topics, as one Metadata response gives them; never creates a topic. */
    record MetadataView(Map<Integer, Node> brokers, Map<String, TopicDescription> topics) {
        int leader(TopicPartition tp) {
            TopicDescription topic = topics.get(tp.topic());
            Optional<PartitionDescription> partition = topic == null ? Optional.empty()
                    : topic.partitions().stream().filter(p -> p.partition() == tp.partition()).findFirst();
            int leader = partition.map(PartitionDescription::leader).orElse(-1);
            if (leader < 0) {
                throw new BrokerErrorException(ErrorCode.LEADER_NOT_AVAILABLE, "Partition " + tp.topic() + "-"
                        + tp.partition() + " has no leader");
            }
            return leader;
        }
    }

    /**
     * @param topics the topics to describe; null for all, empty for none (brokers only)
     * @throws BrokerErrorException for a named topic the broker reports with an error
     */
    MetadataView metadata(Collection<String> topics) {
        List<Message> requested = topics == null ? null : topics.stream()
                .map(t -> Message.of(MetadataRequestTopic.SCHEMA).set(MetadataRequestTopic.NAME, t)).toList();
        Message body = sendToAny(ApiKey.METADATA, version -> MetadataRequest.SCHEMA.newMessage()
                .set(MetadataRequest.TOPICS, requested)
                .set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, false), "Metadata").body();
        Map<Integer, Node> brokers = new TreeMap<>();
        for (Message b : body.get(MetadataResponse.BROKERS)) {
            int id = b.get(MetadataResponseBroker.NODE_ID);
            brokers.put(id, new Node(id, b.get(MetadataResponseBroker.HOST), b.get(MetadataResponseBroker.PORT),
                    b.get(MetadataResponseBroker.RACK)));
        }
        Map<String, TopicDescription> described = new HashMap<>();
        for (Message t : body.get(MetadataResponse.TOPICS)) {
            String name = t.get(MetadataResponseTopic.NAME);
            ErrorCode error = ErrorCode.forCode(t.get(MetadataResponseTopic.ERROR_CODE));
            if (error == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                throw new BrokerErrorException(error, "Topic '" + name + "' does not exist");
            }
            throwIfError(error.code(), null, "Topic '" + name + "' could not be described");
            described.put(name, topicOf(t));
        }
        return new MetadataView(brokers, described);
    }

    private static TopicDescription topicOf(Message t) {
        List<PartitionDescription> partitions = new ArrayList<>();
        for (Message p : t.get(MetadataResponseTopic.PARTITIONS)) {
            partitions.add(new PartitionDescription(p.get(MetadataResponsePartition.PARTITION_INDEX),
                    p.get(MetadataResponsePartition.LEADER_ID), p.get(MetadataResponsePartition.REPLICA_NODES),
                    p.get(MetadataResponsePartition.ISR_NODES)));
        }
        partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        UUID id = t.get(MetadataResponseTopic.TOPIC_ID);
        return new TopicDescription(t.get(MetadataResponseTopic.NAME), id == null || new UUID(0L, 0L).equals(id) ? null : id,
                t.get(MetadataResponseTopic.IS_INTERNAL), partitions, Map.of());
    }

    ClientNetwork.Response sendToAny(ApiKey api, RequestBody body, String what) {
        return await(network.sendToAny(api, body, apiTimeout), what);
    }

    /** The node coordinating {@code key}, found through the clients' one FindCoordinator lookup. */
    int findCoordinator(CoordinatorType type, String key) {
        return await(CoordinatorLookup.find(network, type, key, apiTimeout), "FindCoordinator").nodeId();
    }

    ClientNetwork.Response sendTo(int nodeId, ApiKey api, RequestBody body, String what) {
        if (network.metadata().node(nodeId).isEmpty()) {
            MetadataView view = metadata(List.of());
            if (view.brokers().size() == 1 && view.brokers().containsKey(nodeId)) {
                return sendToAny(api, body, what);
            }
            learnBrokers();
        }
        return await(network.send(nodeId, api, body, apiTimeout), what);
    }

    /**
     * Has the network fetch metadata, so it knows every broker's address: it fetches for the topics it is
     * asked about, and any response lists all brokers. An existing topic is asked about so nothing is created.
     */
    private void learnBrokers() {
        String anyTopic = metadata(null).topics().keySet().stream().findFirst().orElseThrow(() ->
                new ClientException("Cannot address the brokers of a cluster with no topics and several brokers"));
        await(network.metadata().awaitTopic(anyTopic), "Metadata");
    }

    <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(apiTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(false);
            throw new TimeoutException(what + " got no answer within " + apiTimeout.toMillis() + " ms ("
                    + ClusterAdmin.DEFAULT_API_TIMEOUT_MS + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("Interrupted while waiting for the answer to " + what);
        }
    }

    private RuntimeException translate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectFailedException) {
                return new ClusterUnreachableException("cannot reach a broker at " + bootstrapServers + ": "
                        + unreachableReason(t), failure);
            }
        }
        if (failure instanceof TimeoutException && failure.getMessage() != null && failure.getMessage().contains("found no broker")) {
            return new ClusterUnreachableException("cannot reach a broker at " + bootstrapServers + ": no connection within "
                    + apiTimeout.toMillis() + " ms; is it running and reachable?", failure);
        }
        return failure instanceof RuntimeException r ? r : new ClientException(failure.toString(), failure);
    }

    /** Why a connection could not be made, and what to check. */
    private static String unreachableReason(Throwable connectFailure) {
        for (Throwable t = connectFailure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused; is it running?";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host (" + t.getMessage() + "); check the address";
            }
        }
        String message = String.valueOf(connectFailure.getMessage());
        if (message.contains("did not finish within")) {
            return "no answer to the connection attempt; is it running and reachable?";
        }
        if (message.contains("Frame size")) {
            // An HTTP server or proxy answers the ApiVersions request with text, read as a huge frame size.
            return "the server there does not speak Kafka's protocol; is this a Kafka listener's port?";
        }
        return message + "; is it running?";
    }

    static void throwIfError(short code, String brokerMessage, String context) {
        ErrorCode error = ErrorCode.forCode(code);
        if (error != ErrorCode.NONE) {
            throw new BrokerErrorException(error, brokerMessage == null || brokerMessage.isBlank()
                    ? context + ": " + error.message() : brokerMessage);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        network.close();
    }
}
