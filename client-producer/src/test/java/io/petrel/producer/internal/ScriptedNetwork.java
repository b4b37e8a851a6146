package io.petrel.producer.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClusterMetadata;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.schemas.InitProducerIdResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A network a test answers by hand: one broker (node 0) leading every partition of topic "t" (any other topic
 * does not exist); Produce requests queue up until the test answers them; InitProducerId is answered at once
 * with producer id 42.
 */
final class ScriptedNetwork implements ClientNetwork, ClusterMetadata {
    static final Node NODE = new Node(0, "localhost", 9092, null);
    static final short VERSION = 9;

    /** A Produce request the sender made, with the one batch per partition it carries. */
    record Sent(Message body, CompletableFuture<Response> response) {
        List<RecordBatch> batches() {
            List<RecordBatch> batches = new ArrayList<>();
            for (Message topic : body.get(ProduceRequest.TOPIC_DATA)) {
                for (Message p : topic.get(ProduceRequest.TopicProduceData.PARTITION_DATA)) {
                    batches.add(RecordBatch.wrap(p.get(ProduceRequest.PartitionProduceData.RECORDS)));
                }
            }
            return batches;
        }

        RecordBatch batch() {
            return batches().get(0);
        }

        void answer(ErrorCode error, long baseOffset) {
            List<Message> partitions = new ArrayList<>();
            for (Message topic : body.get(ProduceRequest.TOPIC_DATA)) {
                for (Message p : topic.get(ProduceRequest.TopicProduceData.PARTITION_DATA)) {
                    partitions.add(Message.of(ProduceResponse.PartitionProduceResponse.SCHEMA)
                            .set(ProduceResponse.PartitionProduceResponse.INDEX, p.get(ProduceRequest.PartitionProduceData.INDEX))
                            .set(ProduceResponse.PartitionProduceResponse.ERROR_CODE, error.code())
                            .set(ProduceResponse.PartitionProduceResponse.BASE_OFFSET, baseOffset));
                }
            }
            Message topic = Message.of(ProduceResponse.TopicProduceResponse.SCHEMA)
                    .set(ProduceResponse.TopicProduceResponse.NAME, "t")
                    .set(ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES, partitions);
            response.complete(new Response(0, VERSION, ProduceResponse.SCHEMA.newMessage()
                    .set(ProduceResponse.RESPONSES, List.of(topic))));
        }
    }

    private final int partitions;
    final ArrayDeque<Sent> produce = new ArrayDeque<>();
    int metadataUpdates;
    int producerIdRequests;

    ScriptedNetwork(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletableFuture<Response> send(int nodeId, ApiKey api, RequestBody body, Duration timeout) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        produce.add(new Sent(body.build(VERSION), response));
        return response;
    }

    @Override
    public CompletableFuture<Void> sendOneWay(int nodeId, ApiKey api, RequestBody body) {
        body.build(VERSION);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Response> sendToAny(ApiKey api, RequestBody body, Duration timeout) {
        producerIdRequests++;
        body.build((short) 3);
        return CompletableFuture.completedFuture(new Response(0, (short) 3, InitProducerIdResponse.SCHEMA.newMessage()
                .set(InitProducerIdResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(InitProducerIdResponse.PRODUCER_ID, 42L)
                .set(InitProducerIdResponse.PRODUCER_EPOCH, (short) 0)));
    }

    @Override
    public int inFlight(int nodeId) {
        return (int) produce.stream().filter(s -> !s.response().isDone()).count();
    }

    @Override
    public ClusterMetadata metadata() {
        return this;
    }

    @Override
    public void close() {
    }

    @Override
    public Optional<List<PartitionInfo>> partitions(String topic) {
        if (!topic.equals("t")) {
            return Optional.empty();
        }
        List<PartitionInfo> list = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            list.add(new PartitionInfo("t", p, NODE, 0, List.of(NODE), List.of(NODE)));
        }
        return Optional.of(list);
    }

    @Override
    public Optional<UUID> topicId(String topic) {
        return Optional.of(new UUID(1, 1));
    }

    @Override
    public Optional<String> topicName(UUID topicId) {
        return Optional.of("t");
    }

    @Override
    public Optional<Node> leader(TopicPartition partition) {
        return Optional.of(NODE);
    }

    @Override
    public Optional<Node> node(int nodeId) {
        return Optional.of(NODE);
    }

    @Override
    public CompletableFuture<List<PartitionInfo>> awaitTopic(String topic) {
        return partitions(topic).map(CompletableFuture::completedFuture).orElseGet(() -> CompletableFuture.failedFuture(
                new BrokerErrorException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic " + topic + " does not exist")));
    }

    @Override
    public void requestUpdate(String... topics) {
        metadataUpdates++;
    }

    @Override
    public Optional<String> clusterId() {
        return Optional.of("cluster");
    }
}
