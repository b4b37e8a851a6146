package io.petrel.consumer.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClusterMetadata;
import io.petrel.client.internal.FinalizedFeatures;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ClientNetwork} for unit tests: each API is answered by a handler the test installs, on one
 * "I/O" thread (as the real network completes futures), at a version the test picks; every request is
 * recorded. Its metadata is a fixed cluster whose leaders a test may move; a move is applied on the next
 * requestUpdate, as a real refresh would.
 */
final class ScriptedNetwork implements ClientNetwork {
    /** What the scripted brokers report in ApiVersions; none unless a test sets it. */
    volatile FinalizedFeatures features = FinalizedFeatures.NONE;
    /** Answers one request: the node it went to and its body; null delays it (an empty long poll). */
    interface Handler {
        Message answer(int node, Message request);
    }

    record Sent(int node, ApiKey api, short version, Message request) {
    }

    private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scripted-io");
        t.setDaemon(true);
        return t;
    });
    private final Map<ApiKey, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<ApiKey, Short> versions = new ConcurrentHashMap<>();
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final FakeMetadata metadata = new FakeMetadata();

    ScriptedNetwork handle(ApiKey api, short version, Handler handler) {
        handlers.put(api, handler);
        versions.put(api, version);
        return this;
    }

    List<Sent> sent(ApiKey api) {
        return sent.stream().filter(s -> s.api() == api).toList();
    }

    @Override
    public CompletableFuture<Response> send(int nodeId, ApiKey api, RequestBody body, Duration timeout) {
        CompletableFuture<Response> future = new CompletableFuture<>();
        io.execute(() -> answer(nodeId, api, body, future, 0));
        return future;
    }

    private void answer(int nodeId, ApiKey api, RequestBody body, CompletableFuture<Response> future, int attempt) {
        Handler handler = handlers.get(api);
        if (handler == null) {
            future.completeExceptionally(new IllegalStateException("No handler for " + api));
            return;
        }
        short version = versions.get(api);
        Message request;
        try {
            request = body.build(version);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        if (attempt == 0) {
            sent.add(new Sent(nodeId, api, version, request));
        }
        Message response = handler.answer(nodeId, request);
        if (response == null) {
            // Held like a fetch waiting for data: answered again shortly.
            io.schedule(() -> {
                Message later = handler.answer(nodeId, request);
                future.complete(new Response(nodeId, version, later != null ? later : emptyFallback(api)));
            }, 20, TimeUnit.MILLISECONDS);
            return;
        }
        future.complete(new Response(nodeId, version, response));
    }

    private static Message emptyFallback(ApiKey api) {
        return api.responseSchema().newMessage();
    }

    @Override
    public CompletableFuture<Void> sendOneWay(int nodeId, ApiKey api, RequestBody body) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("one-way"));
    }

    @Override
    public CompletableFuture<Response> sendToAny(ApiKey api, RequestBody body, Duration timeout) {
        return send(0, api, body, timeout);
    }

    @Override
    public int inFlight(int nodeId) {
        return 0;
    }

    @Override
    public FinalizedFeatures finalizedFeatures() {
        return features;
    }

    @Override
    public ClusterMetadata metadata() {
        return metadata;
    }

    @Override
    public void close() {
        io.shutdownNow();
    }

    /** A fixed cluster: topics with partitions led by given nodes; moves apply on the next requestUpdate. */
    static final class FakeMetadata implements ClusterMetadata {
        private final Map<String, UUID> ids = new ConcurrentHashMap<>();
        private final Map<TopicPartition, Integer> leaders = new ConcurrentHashMap<>();
        private final Map<TopicPartition, Integer> pendingMoves = new ConcurrentHashMap<>();
        private final Map<TopicPartition, Integer> epochs = new ConcurrentHashMap<>();
        final AtomicInteger updates = new AtomicInteger();

        FakeMetadata topic(String topic, int partitions, int leader) {
            ids.put(topic, UUID.randomUUID());
            for (int p = 0; p < partitions; p++) {
                leaders.put(new TopicPartition(topic, p), leader);
                epochs.put(new TopicPartition(topic, p), 0);
            }
            return this;
        }

        private final Map<TopicPartition, Boolean> refusing = new ConcurrentHashMap<>();

        /** Until the next update, fetches of the partition get NOT_LEADER_OR_FOLLOWER from its current leader. */
        void leaderRefusesBeforeUpdate(TopicPartition tp) {
            refusing.put(tp, true);
        }

        boolean refuses(TopicPartition tp) {
            return refusing.containsKey(tp);
        }

        /** The partition's leader becomes {@code node} at the next metadata update. */
        void moveLeaderOnNextUpdate(TopicPartition tp, int node) {
            pendingMoves.put(tp, node);
        }

        private static Node nodeOf(int id) {
            return new Node(id, "localhost", 9000 + id, null);
        }

        @Override
        public Optional<List<PartitionInfo>> partitions(String topic) {
            if (!ids.containsKey(topic)) {
                return Optional.empty();
            }
            List<PartitionInfo> out = new ArrayList<>();
            leaders.forEach((tp, leader) -> {
                if (tp.topic().equals(topic)) {
                    out.add(new PartitionInfo(topic, tp.partition(), nodeOf(leader), epochs.get(tp), List.of(nodeOf(leader)),
                            List.of(nodeOf(leader))));
                }
            });
            out.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            return Optional.of(Collections.unmodifiableList(out));
        }

        @Override
        public Optional<UUID> topicId(String topic) {
            return Optional.ofNullable(ids.get(topic));
        }

        @Override
        public Optional<String> topicName(UUID topicId) {
            return ids.entrySet().stream().filter(e -> e.getValue().equals(topicId)).map(Map.Entry::getKey).findFirst();
        }

        @Override
        public Optional<Node> leader(TopicPartition partition) {
            return Optional.ofNullable(leaders.get(partition)).map(FakeMetadata::nodeOf);
        }

        @Override
        public Optional<Node> node(int nodeId) {
            return Optional.of(nodeOf(nodeId));
        }

        @Override
        public CompletableFuture<List<PartitionInfo>> awaitTopic(String topic) {
            return partitions(topic).map(CompletableFuture::completedFuture).orElseGet(() -> CompletableFuture.failedFuture(
                    new BrokerErrorException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "unknown topic " + topic)));
        }

        @Override
        public void requestUpdate(String... topics) {
            updates.incrementAndGet();
            pendingMoves.forEach((tp, node) -> {
                leaders.put(tp, node);
                epochs.merge(tp, 1, Integer::sum);
            });
            pendingMoves.clear();
            refusing.clear();
        }

        @Override
        public Optional<String> clusterId() {
            return Optional.of("scripted");
        }
    }
}
