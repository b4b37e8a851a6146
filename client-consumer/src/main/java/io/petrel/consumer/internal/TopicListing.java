package io.petrel.consumer.internal;

import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Lists every topic of the cluster with a Metadata request for all topics (the metadata cache tracks only
 * topics in use): for {@link io.petrel.consumer.Consumer#listTopics()} and for matching a subscription
 * pattern, and topic ids to names for a consumer-protocol assignment. Internal topics are left out when asked, as
 * Kafka's exclude.internal.topics does.
 */
final class TopicListing {
    private final ClientNetwork network;
    private final Duration requestTimeout;

    TopicListing(ClientNetwork network, Duration requestTimeout) {
        this.network = network;
        this.requestTimeout = requestTimeout;
    }

    /** Topic name to partitions, sorted by name and partition. */
    CompletableFuture<Map<String, List<PartitionInfo>>> list(boolean excludeInternal) {
        return listAll().thenApply(response -> parse(response.body(), excludeInternal));
    }

    /**
     * Topic id to name, for every topic: how a consumer-protocol member names the topics of an assignment that
     * its metadata cache does not track yet (a broker-side regex matched them).
     */
    CompletableFuture<Map<UUID, String>> topicIds(boolean excludeInternal) {
        return listAll().thenApply(response -> {
            Map<UUID, String> out = new HashMap<>();
            for (Message t : response.body().get(MetadataResponse.TOPICS)) {
                String name = t.get(MetadataResponse.MetadataResponseTopic.NAME);
                UUID id = t.get(MetadataResponse.MetadataResponseTopic.TOPIC_ID);
                if (name != null && id != null && !(excludeInternal && t.get(MetadataResponse.MetadataResponseTopic.IS_INTERNAL))) {
                    out.put(id, name);
                }
            }
            return out;
        });
    }

    private CompletableFuture<ClientNetwork.Response> listAll() {
        return network.sendToAny(ApiKey.METADATA, version -> MetadataRequest.SCHEMA.newMessage()
                .set(MetadataRequest.TOPICS, null)
                .set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, false)
                .set(MetadataRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, false)
                .set(MetadataRequest.INCLUDE_TOPIC_AUTHORIZED_OPERATIONS, false), requestTimeout);
    }

    private static Map<String, List<PartitionInfo>> parse(Message body, boolean excludeInternal) {
        Map<Integer, Node> brokers = new HashMap<>();
        for (Message b : body.get(MetadataResponse.BROKERS)) {
            int id = b.get(MetadataResponse.MetadataResponseBroker.NODE_ID);
            brokers.put(id, new Node(id, b.get(MetadataResponse.MetadataResponseBroker.HOST),
                    b.get(MetadataResponse.MetadataResponseBroker.PORT), b.get(MetadataResponse.MetadataResponseBroker.RACK)));
        }
        Map<String, List<PartitionInfo>> out = new TreeMap<>();
        for (Message t : body.get(MetadataResponse.TOPICS)) {
            String name = t.get(MetadataResponse.MetadataResponseTopic.NAME);
            boolean internal = t.get(MetadataResponse.MetadataResponseTopic.IS_INTERNAL);
            if (name == null || (excludeInternal && internal)
                    || ErrorCode.forCode(t.get(MetadataResponse.MetadataResponseTopic.ERROR_CODE)) != ErrorCode.NONE) {
                continue;
            }
            List<PartitionInfo> partitions = new ArrayList<>();
            for (Message p : t.get(MetadataResponse.MetadataResponseTopic.PARTITIONS)) {
                partitions.add(new PartitionInfo(name, p.get(MetadataResponse.MetadataResponsePartition.PARTITION_INDEX),
                        brokers.get(p.get(MetadataResponse.MetadataResponsePartition.LEADER_ID)),
                        p.get(MetadataResponse.MetadataResponsePartition.LEADER_EPOCH),
                        nodes(p.get(MetadataResponse.MetadataResponsePartition.REPLICA_NODES), brokers),
                        nodes(p.get(MetadataResponse.MetadataResponsePartition.ISR_NODES), brokers)));
            }
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            out.put(name, List.copyOf(partitions));
        }
        return out;
    }

    private static List<Node> nodes(List<Integer> ids, Map<Integer, Node> brokers) {
        List<Node> out = new ArrayList<>(ids.size());
        for (int id : ids) {
            out.add(brokers.getOrDefault(id, new Node(id, "", -1, null)));
        }
        return List.copyOf(out);
    }
}
