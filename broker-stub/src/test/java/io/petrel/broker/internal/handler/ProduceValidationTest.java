package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.topic.Topic;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.PartitionProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.TopicProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Produce's record checks against topic configs: compacted topics need keys, CreateTime timestamps are bounded. */
class ProduceValidationTest {
    private static final short PRODUCE_V = 11;
    private static final long NOW = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;
    private HandlerFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new HandlerFixture(dir, b -> b.clock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private Message produce(short version, Topic topic, ByteBuffer records) {
        Message response = fx.call(ApiKey.PRODUCE, version,
                Requests.produce((short) 1, topic.name(), topic.id(), 0, records));
        Message t = response.get(ProduceResponse.RESPONSES).get(0);
        return t.get(TopicProduceResponse.PARTITION_RESPONSES).get(0);
    }

    private Message produce(Topic topic, ByteBuffer records) {
        return produce(PRODUCE_V, topic, records);
    }

    private long logEnd(Topic topic) throws Exception {
        return fx.topics.partition(topic.name(), 0).logEndOffset();
    }

    private static ByteBuffer batch(CompressionType compression, long[] timestamps, String... keys) {
        RecordBatchBuilder builder = new RecordBatchBuilder(0).compression(compression);
        for (int i = 0; i < timestamps.length; i++) {
            byte[] key = keys[i] == null ? null : keys[i].getBytes(StandardCharsets.UTF_8);
            builder.append(timestamps[i], key, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static ByteBuffer batchAt(long... timestamps) {
        String[] keys = new String[timestamps.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "k" + i;
        }
        return batch(CompressionType.NONE, timestamps, keys);
    }

    private static void assertError(ErrorCode expected, Message partition) {
        assertEquals(expected.code(), partition.get(PartitionProduceResponse.ERROR_CODE),
                () -> "error, message: " + partition.get(PartitionProduceResponse.ERROR_MESSAGE));
    }

    private static String message(Message partition) {
        return partition.get(PartitionProduceResponse.ERROR_MESSAGE);
    }

    @Test
    void aTimestampMoreThanAfterMaxAheadIsRefusedAndNothingAppended() throws Exception {
        Topic topic = fx.topics.create("future", 1, Map.of());
        Message p = produce(topic, batchAt(NOW, NOW + HOUR + 1));
        assertError(ErrorCode.INVALID_TIMESTAMP, p);
        assertEquals(-1L, p.get(PartitionProduceResponse.BASE_OFFSET));
        assertTrue(message(p).contains(Long.toString(NOW + HOUR + 1)), message(p));
        assertTrue(message(p).contains("message.timestamp.after.max.ms=3600000"), message(p));
        assertTrue(message(p).contains(Long.toString(NOW + HOUR)), () -> "names the latest accepted: " + message(p));
        assertEquals(0, logEnd(topic));
    }

    @Test
    void aCorruptBatchGetsCorruptMessageWhetherOrNotItsTimestampIsInBounds() throws Exception {
        Topic topic = fx.topics.create("corrupt", 1, Map.of());
        for (long newest : new long[] {NOW, NOW + HOUR + 1}) {
            ByteBuffer records = batchAt(NOW - 1, newest);
            int lastByte = records.limit() - 1;
            records.put(lastByte, (byte) (records.get(lastByte) ^ 0x5a));
            Message p = produce(topic, records);
            assertError(ErrorCode.CORRUPT_MESSAGE, p);
            assertTrue(message(p).contains("CRC"), message(p));
        }
        assertEquals(0, logEnd(topic));
    }

    @Test
    void aTimestampExactlyAtTheBoundIsAccepted() throws Exception {
        Topic topic = fx.topics.create("edge", 1, Map.of());
        assertError(ErrorCode.NONE, produce(topic, batchAt(NOW + HOUR)));
        assertError(ErrorCode.NONE, produce(topic, batchAt(0L, NOW - 365 * 24 * HOUR)));
        assertEquals(3, logEnd(topic));
    }

    @Test
    void theTopicsOverridesSetTheBounds() throws Exception {
        Topic topic = fx.topics.create("tight", 1, Map.of("message.timestamp.after.max.ms", "0",
                "message.timestamp.before.max.ms", "60000"));
        assertError(ErrorCode.NONE, produce(topic, batchAt(NOW - 60_000, NOW)));
        assertError(ErrorCode.INVALID_TIMESTAMP, produce(topic, batchAt(NOW + 1)));
        Message behind = produce(topic, batchAt(NOW - 60_001, NOW));
        assertError(ErrorCode.INVALID_TIMESTAMP, behind);
        assertTrue(message(behind).contains("message.timestamp.before.max.ms=60000"), message(behind));
        assertTrue(message(behind).contains("record 0"), message(behind));
        assertTrue(message(behind).contains(Long.toString(NOW - 60_001)), message(behind));
        assertEquals(2, logEnd(topic));
    }

    @Test
    void theOldestRecordOfACompressedBatchIsChecked() throws Exception {
        Topic topic = fx.topics.create("old", 1, Map.of("message.timestamp.before.max.ms", "1000"));
        ByteBuffer records = batch(CompressionType.GZIP, new long[] {NOW, NOW - 5_000, NOW}, "a", "b", "c");
        Message p = produce(topic, records);
        assertError(ErrorCode.INVALID_TIMESTAMP, p);
        assertTrue(message(p).contains("record 1"), message(p));
        assertEquals(0, logEnd(topic));
    }

    @Test
    void logAppendTimeTopicsBoundNoTimestamp() throws Exception {
        Topic topic = fx.topics.create("stamped", 1, Map.of("message.timestamp.type", "LogAppendTime",
                "message.timestamp.before.max.ms", "0"));
        Message p = produce(topic, batchAt(NOW + 100 * HOUR, 0L));
        assertError(ErrorCode.NONE, p);
        assertEquals(NOW, p.get(PartitionProduceResponse.LOG_APPEND_TIME_MS));
    }

    @Test
    void aCompactedTopicRefusesARecordWithoutAKey() throws Exception {
        Topic topic = fx.topics.create("compacted", 1, Map.of("cleanup.policy", "compact"));
        assertError(ErrorCode.NONE, produce(topic, batchAt(NOW, NOW)));
        Message p = produce(topic, batch(CompressionType.NONE, new long[] {NOW, NOW}, "k", null));
        assertError(ErrorCode.INVALID_RECORD, p);
        assertTrue(message(p).contains("Compacted topic cannot accept a record without a key"), message(p));
        assertTrue(message(p).contains("record 1 of the batch to compacted-0"), message(p));
        assertEquals(2, logEnd(topic));
    }

    @Test
    void aCompressedBatchIsLookedIntoAndCompactDeleteCounts() throws Exception {
        Topic topic = fx.topics.create("both", 1, Map.of("cleanup.policy", "delete, compact"));
        Message p = produce(topic, batch(CompressionType.LZ4, new long[] {NOW, NOW}, null, "k"));
        assertError(ErrorCode.INVALID_RECORD, p);
        assertTrue(message(p).contains("record 0"), message(p));
        assertEquals(0, logEnd(topic));
    }

    @Test
    void aKeylessRecordIsFineOnADeleteTopic() throws Exception {
        Topic topic = fx.topics.create("plain", 1, Map.of("cleanup.policy", "delete"));
        assertError(ErrorCode.NONE, produce(topic, batch(CompressionType.NONE, new long[] {NOW}, (String) null)));
    }

    @Test
    void theKeyIsCheckedBeforeTheTimestamp() throws Exception {
        Topic topic = fx.topics.create("order", 1, Map.of("cleanup.policy", "compact"));
        Message p = produce(topic, batch(CompressionType.NONE, new long[] {NOW + 2 * HOUR}, (String) null));
        assertError(ErrorCode.INVALID_RECORD, p);
    }

    @Test
    void refusalsEncodeAtEveryProduceVersion() throws Exception {
        Topic compacted = fx.topics.create("enc-compacted", 1, Map.of("cleanup.policy", "compact"));
        Topic future = fx.topics.create("enc-future", 1, Map.of());
        for (short v = ApiKey.PRODUCE.requestSchema().validVersions().lowest();
             v <= ApiKey.PRODUCE.requestSchema().validVersions().highest(); v++) {
            assertRefusalEncodes(v, compacted, batch(CompressionType.NONE, new long[] {NOW}, (String) null),
                    org.apache.kafka.common.protocol.Errors.INVALID_RECORD);
            assertRefusalEncodes(v, future, batchAt(NOW + 2 * HOUR),
                    org.apache.kafka.common.protocol.Errors.INVALID_TIMESTAMP);
        }
    }

    private void assertRefusalEncodes(short version, Topic topic, ByteBuffer records,
                                      org.apache.kafka.common.protocol.Errors expected) {
        Message response = fx.call(ApiKey.PRODUCE, version,
                Requests.produce((short) 1, topic.name(), topic.id(), 0, records));
        var parsed = (org.apache.kafka.common.requests.ProduceResponse)
                HandlerFixture.parseWithKafka(ApiKey.PRODUCE, response, version);
        var partitions = parsed.data().responses().iterator().next().partitionResponses();
        assertEquals(expected.code(), partitions.get(0).errorCode(), () -> "v" + version);
        if (version >= 8) {
            assertTrue(partitions.get(0).errorMessage() != null && !partitions.get(0).errorMessage().isEmpty(),
                    () -> "v" + version + " carries the error message");
        }
    }
}
