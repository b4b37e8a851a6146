package io.petrel.producer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.LeaderIdAndEpoch;
import io.petrel.protocol.schemas.ProduceResponse.NodeEndpoint;
import io.petrel.protocol.schemas.ProduceResponse.PartitionProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.TopicProduceResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProduceExchangeTest {
    private static final UUID T_ID = new UUID(1, 2);
    private static final UUID U_ID = new UUID(3, 4);
    private static final Map<String, UUID> IDS = Map.of("t", T_ID, "u", U_ID);

    private final List<ProducerBatch> batches = List.of(batch("t", 0), batch("t", 1), batch("u", 0));
    private final ProduceExchange exchange = new ProduceExchange(7, (short) 1, 30_000, batches, IDS::get, 0L, null,
            false);

    @Test
    void answersInRequestOrderGoToTheirBatches() {
        Message response = response(topic("t", null, partition(0, 100), partition(1, 200)),
                topic("u", null, partition(0, 300)));
        assertOffsets(exchange.read(response), 100, 200, 300);
    }

    @Test
    void answersOutOfOrderGoToTheirBatchesByTopicNameOrId() {
        Message byName = response(topic("u", null, partition(0, 300)), topic("t", null, partition(1, 200),
                partition(0, 100)));
        assertOffsets(exchange.read(byName), 100, 200, 300);
        Message byId = response(topic(null, U_ID, partition(0, 300)), topic(null, T_ID, partition(1, 200),
                partition(0, 100)));
        assertOffsets(exchange.read(byId), 100, 200, 300);
    }

    @Test
    void aBatchTheResponseLeavesOutFailsWithUnknownServerErrorAndAnswersForOthersAreIgnored() {
        Message response = response(topic("t", null, partition(0, 100), partition(5, 999)),
                topic("v", null, partition(0, 999)), topic("u", null, partition(0, 300)));
        ProduceExchange.PartitionResult[] results = exchange.read(response);
        assertEquals(100, results[0].baseOffset());
        assertEquals(ErrorCode.UNKNOWN_SERVER_ERROR, results[1].error());
        assertEquals("The Produce response from node 7 has no result for " + new TopicPartition("t", 1),
                results[1].message());
        assertEquals(300, results[2].baseOffset());
    }

    @Test
    void aNamedLeaderComesWithTheEndpointsOfTheResponse() {
        Message refused = partition(1, -1).set(PartitionProduceResponse.ERROR_CODE,
                        ErrorCode.NOT_LEADER_OR_FOLLOWER.code())
                .set(PartitionProduceResponse.CURRENT_LEADER, Message.of(LeaderIdAndEpoch.SCHEMA)
                        .set(LeaderIdAndEpoch.LEADER_ID, 2).set(LeaderIdAndEpoch.LEADER_EPOCH, 5));
        Message response = response(topic("t", null, partition(0, 100), refused), topic("u", null, partition(0, 300)))
                .set(ProduceResponse.NODE_ENDPOINTS, List.of(Message.of(NodeEndpoint.SCHEMA)
                        .set(NodeEndpoint.NODE_ID, 2).set(NodeEndpoint.HOST, "b2").set(NodeEndpoint.PORT, 9093)));
        ProduceExchange.PartitionResult[] results = exchange.read(response);
        assertNull(results[0].leaderHint());
        ProduceExchange.LeaderHint hint = results[1].leaderHint();
        assertEquals(2, hint.leaderId());
        assertEquals(5, hint.leaderEpoch());
        assertEquals("b2", hint.endpoints().get(2).host());
        assertEquals(9093, hint.endpoints().get(2).port());
    }

    private static void assertOffsets(ProduceExchange.PartitionResult[] results, long... offsets) {
        assertEquals(offsets.length, results.length);
        for (int i = 0; i < offsets.length; i++) {
            assertEquals(ErrorCode.NONE, results[i].error(), "batch " + i);
            assertEquals(offsets[i], results[i].baseOffset(), "batch " + i);
        }
    }

    private static ProducerBatch batch(String topic, int partition) {
        return new ProducerBatch(1, new TopicPartition(topic, partition), CompressionType.NONE, 0, 1.0f, 16_384, 0L,
                new BatchArrays(BatchArrays.arraySizeFor(16_384), 1 << 20), false);
    }

    private static Message response(Message... topics) {
        return ProduceResponse.SCHEMA.newMessage().set(ProduceResponse.RESPONSES, new ArrayList<>(List.of(topics)));
    }

    private static Message topic(String name, UUID id, Message... partitions) {
        Message topic = Message.of(TopicProduceResponse.SCHEMA)
                .set(TopicProduceResponse.PARTITION_RESPONSES, new ArrayList<>(List.of(partitions)));
        if (name != null) {
            topic.set(TopicProduceResponse.NAME, name);
        } else {
            topic.set(TopicProduceResponse.TOPIC_ID, id);
        }
        return topic;
    }

    private static Message partition(int index, long baseOffset) {
        return Message.of(PartitionProduceResponse.SCHEMA)
                .set(PartitionProduceResponse.INDEX, index)
                .set(PartitionProduceResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(PartitionProduceResponse.BASE_OFFSET, baseOffset);
    }
}
