package io.petrel.producer.internal;

import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.schemas.InitProducerIdResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * A Produce request held by client-core's {@link ScriptedNetwork}, read and answered as the producer's tests need:
 * its batches, and an answer of one error code and base offset for every partition it carries.
 */
record ScriptedProduce(ScriptedNetwork.Exchange exchange) {
    /** The Produce version the scripted broker speaks. */
    static final short VERSION = 9;
    /** The InitProducerId version the scripted broker speaks. */
    static final short INIT_PRODUCER_ID_VERSION = 3;
    /** The producer id the scripted broker hands out. */
    static final long PRODUCER_ID = 42;

    /**
     * A network, answering on the sending thread, for topic "t" with {@code partitions} partitions led by node 0:
     * Produce requests are held for the test ({@link ScriptedNetwork#takeHeld}); InitProducerId is answered at once
     * with {@link #PRODUCER_ID}, epoch 0.
     */
    static ScriptedNetwork network(int partitions) {
        ScriptedNetwork network = ScriptedNetwork.inline()
                .hold(ApiKey.PRODUCE, VERSION)
                .handle(ApiKey.INIT_PRODUCER_ID, INIT_PRODUCER_ID_VERSION, (node, request) ->
                        InitProducerIdResponse.SCHEMA.newMessage()
                                .set(InitProducerIdResponse.ERROR_CODE, ErrorCode.NONE.code())
                                .set(InitProducerIdResponse.PRODUCER_ID, PRODUCER_ID)
                                .set(InitProducerIdResponse.PRODUCER_EPOCH, (short) 0));
        network.metadata().topic("t", partitions, 0);
        return network;
    }

    /** The batches the request carries, one per partition, in request order. */
    List<RecordBatch> batches() {
        List<RecordBatch> batches = new ArrayList<>();
        for (Message topic : exchange.request().get(ProduceRequest.TOPIC_DATA)) {
            for (Message p : topic.get(ProduceRequest.TopicProduceData.PARTITION_DATA)) {
                batches.add(RecordBatch.wrap(p.get(ProduceRequest.PartitionProduceData.RECORDS)));
            }
        }
        return batches;
    }

    /** The first (in these tests, the only) batch. */
    RecordBatch batch() {
        return batches().get(0);
    }

    /** Answers every partition of the request with {@code error} and {@code baseOffset}. */
    void answer(ErrorCode error, long baseOffset) {
        answer(error, baseOffset, -1, -1);
    }

    /** The node the request went to. */
    int node() {
        return exchange.node();
    }

    /**
     * Answers every partition with {@code error} naming node {@code leaderId} at {@code leaderEpoch} as the current
     * leader, with its endpoint (KIP-951); -1 names none.
     */
    void answer(ErrorCode error, long baseOffset, int leaderId, int leaderEpoch) {
        exchange.answer(response(exchange.request(), error, baseOffset, leaderId, leaderEpoch));
    }

    /** The answer {@link #answer(ErrorCode, long, int, int)} gives, to a Produce request's body. */
    static Message response(Message request, ErrorCode error, long baseOffset, int leaderId, int leaderEpoch) {
        List<Message> responses = new ArrayList<>();
        for (Message topic : request.get(ProduceRequest.TOPIC_DATA)) {
            List<Message> partitions = new ArrayList<>();
            for (Message p : topic.get(ProduceRequest.TopicProduceData.PARTITION_DATA)) {
                partitions.add(Message.of(ProduceResponse.PartitionProduceResponse.SCHEMA)
                        .set(ProduceResponse.PartitionProduceResponse.INDEX, p.get(ProduceRequest.PartitionProduceData.INDEX))
                        .set(ProduceResponse.PartitionProduceResponse.ERROR_CODE, error.code())
                        .set(ProduceResponse.PartitionProduceResponse.BASE_OFFSET, baseOffset)
                        .set(ProduceResponse.PartitionProduceResponse.CURRENT_LEADER,
                                Message.of(ProduceResponse.LeaderIdAndEpoch.SCHEMA)
                                        .set(ProduceResponse.LeaderIdAndEpoch.LEADER_ID, leaderId)
                                        .set(ProduceResponse.LeaderIdAndEpoch.LEADER_EPOCH, leaderEpoch)));
            }
            responses.add(Message.of(ProduceResponse.TopicProduceResponse.SCHEMA)
                    .set(ProduceResponse.TopicProduceResponse.NAME, topic.get(ProduceRequest.TopicProduceData.NAME))
                    .set(ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES, partitions));
        }
        List<Message> endpoints = leaderId < 0 ? List.of() : List.of(Message.of(ProduceResponse.NodeEndpoint.SCHEMA)
                .set(ProduceResponse.NodeEndpoint.NODE_ID, leaderId)
                .set(ProduceResponse.NodeEndpoint.HOST, "localhost")
                .set(ProduceResponse.NodeEndpoint.PORT, 9000 + leaderId));
        return ProduceResponse.SCHEMA.newMessage().set(ProduceResponse.RESPONSES, responses)
                .set(ProduceResponse.NODE_ENDPOINTS, endpoints);
    }
}
