package io.petrel.producer.internal;

import io.petrel.protocol.Message;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.BatchIndexAndErrorMessage;
import io.petrel.protocol.schemas.ProduceResponse.LeaderIdAndEpoch;
import io.petrel.protocol.schemas.ProduceResponse.NodeEndpoint;
import io.petrel.protocol.schemas.ProduceResponse.PartitionProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.TopicProduceResponse;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProduceResponseReaderTest {

    @Test
    void readsWhatTheSchemaReadsAtEveryVersion() {
        Random random = new Random(17);
        for (short version = 3; version <= 13; version++) {
            for (int i = 0; i < 200; i++) {
                Message written = randomResponse(random, version);
                ByteBuffer bytes = ProduceResponse.SCHEMA.serialize(written, version);
                Message expected = ProduceResponse.SCHEMA.read(bytes.duplicate(), version);
                ByteBuffer buf = bytes.duplicate();
                Message read = ProduceResponseReader.read(buf, version);
                assertEquals(expected, read, "v" + version + " response " + i);
                assertFalse(buf.hasRemaining(), "v" + version + ": read to the end");
            }
        }
    }

    @Test
    void aResponseCutShortIsAProtocolErrorAtEveryLength() {
        Random random = new Random(18);
        for (short version = 3; version <= 13; version++) {
            ByteBuffer bytes = ProduceResponse.SCHEMA.serialize(randomResponse(random, version), version);
            for (int length = 0; length < bytes.remaining(); length++) {
                ByteBuffer cut = bytes.duplicate().limit(length);
                short v = version;
                assertThrows(ProtocolException.class, () -> ProduceResponseReader.read(cut, v),
                        "v" + version + " cut to " + length + " of " + bytes.remaining() + " bytes");
            }
        }
    }

    @Test
    void aCountLargerThanTheBytesLeftIsRefusedBeforeAllocating() {
        ByteBuffer bytes = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).flip();
        ProtocolException e = assertThrows(ProtocolException.class, () -> ProduceResponseReader.read(bytes, (short) 8));
        assertEquals("The element count of array Responses is 2147483647, but only 4 bytes remain", e.getMessage());
    }

    @Test
    void aVersionOutsideProducesRangeIsRefused() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ProduceResponseReader.read(ByteBuffer.allocate(16), (short) 14));
        assertEquals("ProduceResponse v14 is not a version this reader knows (3-13)", e.getMessage());
    }

    private static Message randomResponse(Random random, short version) {
        List<Message> topics = new ArrayList<>();
        for (int t = random.nextInt(3); t > 0; t--) {
            Message topic = Message.of(TopicProduceResponse.SCHEMA);
            if (version >= 13) {
                topic.set(TopicProduceResponse.TOPIC_ID, new UUID(random.nextLong(), random.nextLong()));
            } else {
                topic.set(TopicProduceResponse.NAME, random.nextBoolean() ? "topic-" + random.nextInt(100) : "tópico");
            }
            List<Message> partitions = new ArrayList<>();
            for (int p = random.nextInt(4); p > 0; p--) {
                partitions.add(randomPartition(random, version));
            }
            topic.set(TopicProduceResponse.PARTITION_RESPONSES, partitions);
            topics.add(topic);
        }
        Message response = ProduceResponse.SCHEMA.newMessage()
                .set(ProduceResponse.RESPONSES, topics)
                .set(ProduceResponse.THROTTLE_TIME_MS, random.nextInt(3) == 0 ? random.nextInt(1000) : 0);
        if (version >= 10 && random.nextBoolean()) {
            List<Message> nodes = new ArrayList<>();
            for (int n = 1 + random.nextInt(2); n > 0; n--) {
                nodes.add(Message.of(NodeEndpoint.SCHEMA)
                        .set(NodeEndpoint.NODE_ID, random.nextInt(5))
                        .set(NodeEndpoint.HOST, "broker-" + random.nextInt(5))
                        .set(NodeEndpoint.PORT, 9092 + random.nextInt(5))
                        .set(NodeEndpoint.RACK, random.nextBoolean() ? null : "rack-" + random.nextInt(3)));
            }
            response.set(ProduceResponse.NODE_ENDPOINTS, nodes);
        }
        return response;
    }

    private static Message randomPartition(Random random, short version) {
        Message partition = Message.of(PartitionProduceResponse.SCHEMA)
                .set(PartitionProduceResponse.INDEX, random.nextInt(1000))
                .set(PartitionProduceResponse.ERROR_CODE, (short) (random.nextBoolean() ? 0 : random.nextInt(120)))
                .set(PartitionProduceResponse.BASE_OFFSET, random.nextBoolean() ? -1L : random.nextLong() >>> 1)
                .set(PartitionProduceResponse.LOG_APPEND_TIME_MS, random.nextBoolean() ? -1L : random.nextLong() >>> 20);
        if (version >= 5) {
            partition.set(PartitionProduceResponse.LOG_START_OFFSET, random.nextBoolean() ? -1L : random.nextLong() >>> 30);
        }
        if (version >= 8) {
            List<Message> errors = new ArrayList<>();
            for (int e = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0; e > 0; e--) {
                errors.add(Message.of(BatchIndexAndErrorMessage.SCHEMA)
                        .set(BatchIndexAndErrorMessage.BATCH_INDEX, random.nextInt(100))
                        .set(BatchIndexAndErrorMessage.BATCH_INDEX_ERROR_MESSAGE,
                                random.nextBoolean() ? null : "bad record " + random.nextInt(10)));
            }
            partition.set(PartitionProduceResponse.RECORD_ERRORS, errors)
                    .set(PartitionProduceResponse.ERROR_MESSAGE, random.nextBoolean() ? null : "why: ünïcode");
        }
        if (version >= 10 && random.nextBoolean()) {
            partition.set(PartitionProduceResponse.CURRENT_LEADER, Message.of(LeaderIdAndEpoch.SCHEMA)
                    .set(LeaderIdAndEpoch.LEADER_ID, random.nextInt(5))
                    .set(LeaderIdAndEpoch.LEADER_EPOCH, random.nextInt(50)));
        }
        return partition;
    }
}
