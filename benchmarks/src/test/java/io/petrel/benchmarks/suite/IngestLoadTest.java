package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.Payloads;
import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceRequest.PartitionProduceData;
import io.petrel.protocol.schemas.ProduceRequest.TopicProduceData;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.PartitionProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.TopicProduceResponse;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker-bound ingest load: its requests decode as what they claim, answers are checked, and records land. */
class IngestLoadTest {
    private static final Payloads PAYLOADS = new Payloads(100, 7);

    @Test
    void requestsAreProduceV12FramesOfOneFullBatchForTheirPartition() {
        List<IngestRequests.Encoded> requests = IngestRequests.forPartition("t", 3, (short) -1, 65_536, PAYLOADS, 2, 10);
        assertEquals(2, requests.size());
        int value = 10;
        for (int i = 0; i < requests.size(); i++) {
            IngestRequests.Encoded e = requests.get(i);
            ByteBuffer frame = e.toSend();
            assertEquals(frame.remaining() - 4, frame.getInt(), "size prefix");
            RequestFrame request = RequestFrame.decode(frame);
            assertEquals(ApiKey.PRODUCE.id(), request.apiKey());
            assertEquals(12, request.apiVersion());
            assertEquals(i, request.correlationId());
            assertEquals(i, e.correlationId());
            Message body = request.decodeBody();
            assertEquals((short) -1, body.get(ProduceRequest.ACKS));
            assertNull(body.get(ProduceRequest.TRANSACTIONAL_ID));
            Message topic = body.get(ProduceRequest.TOPIC_DATA).get(0);
            assertEquals("t", topic.get(TopicProduceData.NAME));
            Message partition = topic.get(TopicProduceData.PARTITION_DATA).get(0);
            assertEquals(3, partition.get(PartitionProduceData.INDEX));
            ByteBuffer batchBytes = partition.get(PartitionProduceData.RECORDS);
            assertTrue(batchBytes.remaining() <= 65_536 && batchBytes.remaining() > 60_000,
                    "one batch of up to 64 KiB, nearly full: " + batchBytes.remaining());
            RecordBatch batch = RecordBatch.wrap(batchBytes);
            assertEquals(-1L, batch.producerId(), "no idempotence: the batch may be appended again");
            int records = 0;
            for (Record r : batch) {
                assertArrayEquals(PAYLOADS.get(value++), r.valueBytes());
                records++;
            }
            assertEquals(e.records(), records);
        }
        assertEquals(requests.get(0).frame().remaining(), requests.get(0).toSend().remaining(), "never consumed");
    }

    @Test
    void compressedRequestsHoldAProducersBatchOfTheirRecordsCompressed() {
        Payloads kib = new Payloads(1024, 7);
        int plain = IngestRequests.forPartition("t", 0, (short) 1, 65_536, kib, 1, 0).get(0).records();
        for (CompressionType type : List.of(CompressionType.ZSTD, CompressionType.LZ4)) {
            IngestRequests.Encoded e = IngestRequests.compressed("t", 0, (short) 1, 65_536, kib, 1, 0, type).get(0);
            Message body = RequestFrame.decode(e.toSend().position(4)).decodeBody();
            ByteBuffer batchBytes = body.get(ProduceRequest.TOPIC_DATA).get(0).get(TopicProduceData.PARTITION_DATA)
                    .get(0).get(PartitionProduceData.RECORDS);
            RecordBatch batch = RecordBatch.wrap(batchBytes);
            assertEquals(type, batch.compressionType());
            assertTrue(batchBytes.remaining() <= 65_536 && batchBytes.remaining() > 52_000,
                    type + ": compressed, nearly full: " + batchBytes.remaining());
            // Letters 'A'..'Z' compress ~1.6:1 with zstd; lz4 barely changes their size (its frame adds a little).
            int fewest = type == CompressionType.ZSTD ? plain * 3 / 2 : plain * 9 / 10;
            assertTrue(e.records() >= fewest, type + ": " + e.records() + " records, expected at least " + fewest
                    + " (an uncompressed batch holds " + plain + ")");
            int value = 0;
            for (Record r : batch) {
                assertArrayEquals(kib.get(value++), r.valueBytes());
            }
            assertEquals(e.records(), value);
        }
    }

    @Test
    void requestsRejectAnUnknownAcks() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> IngestRequests.forPartition("t", 0, (short) 2, 65_536, PAYLOADS, 1, 0))
                .getMessage().contains("not 2"));
        assertEquals(-1, IngestSettings.wireAcks("all"));
        assertThrows(IllegalArgumentException.class, () -> IngestSettings.wireAcks("some"));
    }

    @Test
    void anAnswerCountsOnlyWithItsCorrelationIdItsPartitionAndNoError() {
        IngestRequests.Encoded request = IngestRequests.forPartition("t", 1, (short) 1, 4096, PAYLOADS, 3, 0).get(2);
        assertEquals(42L, IngestAck.check(answer(2, 1, ErrorCode.NONE), request, 1));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> IngestAck.check(answer(2, 1, ErrorCode.NOT_LEADER_OR_FOLLOWER), request, 1))
                .getMessage().contains("NOT_LEADER_OR_FOLLOWER"));
        assertTrue(assertThrows(IllegalStateException.class, () -> IngestAck.check(answer(1, 1, ErrorCode.NONE),
                request, 1)).getMessage().contains("correlation id 1"));
        assertTrue(assertThrows(IllegalStateException.class, () -> IngestAck.check(answer(2, 0, ErrorCode.NONE),
                request, 1)).getMessage().contains("partition 0 (expected 1)"));
    }

    @Test
    void everyAcknowledgedRecordIsInTheLogAfterARun() throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.builder().build());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("ingest", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            List<IngestLoad.Connection> connections = List.of(
                    new IngestLoad.Connection(0, IngestRequests.forPartition("ingest", 0, (short) 1, 16_384, PAYLOADS, 3, 0)),
                    new IngestLoad.Connection(1, IngestRequests.forPartition("ingest", 1, (short) -1, 16_384, PAYLOADS, 3, 500)));
            IngestLoad.Result r = IngestLoad.run("127.0.0.1", broker.port(), connections, 5,
                    TimeUnit.MILLISECONDS.toNanos(300));
            assertTrue(r.requests() > 0 && r.records() > r.requests(), "records acknowledged: " + r);
            assertEquals(r.requests(), r.acks().size(), "one acknowledgement time per request answered");
            long landed = 0;
            for (int p = 0; p < 2; p++) {
                TopicPartition tp = new TopicPartition("ingest", p);
                landed += admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                        .get(30, TimeUnit.SECONDS).offset();
            }
            assertEquals(r.records(), landed);
        }
    }

    @Test
    void aRefusedWriteFailsTheRunWithTheBrokersError() throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.builder().autoCreateTopics(false).build())) {
            List<IngestLoad.Connection> connections = List.of(new IngestLoad.Connection(0,
                    IngestRequests.forPartition("missing", 0, (short) 1, 4096, PAYLOADS, 1, 0)));
            IOException e = assertThrows(IOException.class, () -> IngestLoad.run("127.0.0.1", broker.port(),
                    connections, 5, TimeUnit.MILLISECONDS.toNanos(100)));
            assertTrue(e.getMessage().contains("UNKNOWN_TOPIC_OR_PARTITION"), e.getMessage());
        }
    }

    /** A Produce v12 answer frame, size prefix consumed, for one partition of topic "t" with base offset 42. */
    private static ByteBuffer answer(int correlationId, int partition, ErrorCode error) {
        Message p = Message.of(PartitionProduceResponse.SCHEMA)
                .set(PartitionProduceResponse.INDEX, partition)
                .set(PartitionProduceResponse.ERROR_CODE, error.code())
                .set(PartitionProduceResponse.BASE_OFFSET, 42L);
        Message t = Message.of(TopicProduceResponse.SCHEMA).set(TopicProduceResponse.NAME, "t")
                .set(TopicProduceResponse.PARTITION_RESPONSES, List.of(p));
        Message body = ProduceResponse.SCHEMA.newMessage().set(ProduceResponse.RESPONSES, List.of(t));
        ByteBuffer frame = ResponseFrame.encode(ApiKey.PRODUCE, IngestRequests.VERSION, correlationId, body);
        frame.getInt();
        return frame.slice();
    }
}
