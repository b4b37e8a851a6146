package io.petrel.protocol;

import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SplicedMessageTest {

    @Test
    void splicingTheRecordsBackGivesTheSameBytesAsWritingThemInline() {
        byte[] first = {1, 2, 3, 4, 5};
        byte[] second = {9, 8, 7};
        for (short version = 4; version <= 18; version++) {
            Message inline = fetchResponse(version, ByteBuffer.wrap(first), ByteBuffer.wrap(second));
            Message spliced = fetchResponse(version, null, null);
            List<Message> partitions = spliced.get(FetchResponse.RESPONSES).get(0).get(FetchResponse.FetchableTopicResponse.PARTITIONS);
            partitions.get(0).setSpliced(FetchResponse.PartitionData.RECORDS, () -> first.length);
            partitions.get(1).setSpliced(FetchResponse.PartitionData.RECORDS, () -> second.length);

            SplicedMessage out = FetchResponse.SCHEMA.writeSpliced(spliced, version);
            assertEquals(2, out.splices().size());
            assertEquals(out.totalBytes(), out.bytes().remaining() + first.length + second.length);

            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            ByteBuffer bytes = out.bytes();
            int at = 0;
            byte[][] records = {first, second};
            for (int i = 0; i < 2; i++) {
                int offset = out.splices().get(i).offset();
                joined.write(bytes.array(), at, offset - at);
                joined.write(records[i], 0, records[i].length);
                at = offset;
            }
            joined.write(bytes.array(), at, bytes.limit() - at);

            ByteBuffer expected = FetchResponse.SCHEMA.serialize(inline, version);
            assertArrayEquals(expected.array(), joined.toByteArray(), "v" + version);
        }
    }

    private static Message fetchResponse(short version, ByteBuffer first, ByteBuffer second) {
        Message p0 = Message.of(FetchResponse.PartitionData.SCHEMA).set(FetchResponse.PartitionData.PARTITION_INDEX, 0)
                .set(FetchResponse.PartitionData.HIGH_WATERMARK, 10L).set(FetchResponse.PartitionData.RECORDS, first);
        Message p1 = Message.of(FetchResponse.PartitionData.SCHEMA).set(FetchResponse.PartitionData.PARTITION_INDEX, 1)
                .set(FetchResponse.PartitionData.HIGH_WATERMARK, 20L).set(FetchResponse.PartitionData.RECORDS, second);
        Message topic = Message.of(FetchResponse.FetchableTopicResponse.SCHEMA)
                .set(FetchResponse.FetchableTopicResponse.PARTITIONS, List.of(p0, p1));
        if (version <= 12) {
            topic.set(FetchResponse.FetchableTopicResponse.TOPIC, "t");
        } else {
            topic.set(FetchResponse.FetchableTopicResponse.TOPIC_ID, new java.util.UUID(1, 2));
        }
        return FetchResponse.SCHEMA.newMessage().set(FetchResponse.RESPONSES, List.of(topic));
    }

    @Test
    void aRequestWithItsRecordsLeftOutSplicesBackToTheInlineEncoding() {
        byte[] batchArray = {0, 0, 11, 12, 13, 14, 15, 0};
        ByteBuffer first = ByteBuffer.wrap(batchArray, 2, 5);
        ByteBuffer second = ByteBuffer.wrap(new byte[] {21, 22, 23});
        for (short version = 3; version <= 13; version++) {
            Message body = produceRequest(version, first, second);
            SplicedMessage frame = RequestFrame.encodeSpliced(ApiKey.PRODUCE, version, 77, "client", body);
            ByteBuffer expected = RequestFrame.encode(ApiKey.PRODUCE, version, 77, "client", body);

            assertEquals(2, frame.splices().size(), "the null records stay inline");
            assertEquals(expected.remaining(), frame.totalBytes());
            assertEquals(frame.totalBytes(), frame.bytes().remaining() + first.remaining() + second.remaining());
            assertEquals(frame.totalBytes() - 4, frame.bytes().getInt(0), "the size prefix counts the records");
            BufferedRecords spliced = (BufferedRecords) frame.splices().get(0).records();
            assertSame(batchArray, spliced.batches().array(), "the batch is referenced, not copied");
            assertEquals(first, spliced.batches());
            assertEquals(2, first.position(), "the caller's buffer is left as it was");

            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            ByteBuffer bytes = frame.bytes();
            int at = 0;
            for (SplicedMessage.Splice splice : frame.splices()) {
                joined.write(bytes.array(), at, splice.offset() - at);
                ByteBuffer records = ((BufferedRecords) splice.records()).batches();
                joined.write(records.array(), records.arrayOffset() + records.position(), records.remaining());
                at = splice.offset();
            }
            joined.write(bytes.array(), at, bytes.limit() - at);
            assertArrayEquals(expected.array(), joined.toByteArray(), "v" + version);
        }
    }

    private static Message produceRequest(short version, ByteBuffer first, ByteBuffer second) {
        List<Message> partitions = List.of(
                Message.of(ProduceRequest.PartitionProduceData.SCHEMA).set(ProduceRequest.PartitionProduceData.INDEX, 0)
                        .set(ProduceRequest.PartitionProduceData.RECORDS, first),
                Message.of(ProduceRequest.PartitionProduceData.SCHEMA).set(ProduceRequest.PartitionProduceData.INDEX, 1)
                        .set(ProduceRequest.PartitionProduceData.RECORDS, null),
                Message.of(ProduceRequest.PartitionProduceData.SCHEMA).set(ProduceRequest.PartitionProduceData.INDEX, 2)
                        .set(ProduceRequest.PartitionProduceData.RECORDS, second));
        Message topic = Message.of(ProduceRequest.TopicProduceData.SCHEMA)
                .set(ProduceRequest.TopicProduceData.PARTITION_DATA, partitions);
        if (version <= 12) {
            topic.set(ProduceRequest.TopicProduceData.NAME, "t");
        } else {
            topic.set(ProduceRequest.TopicProduceData.TOPIC_ID, new java.util.UUID(3, 4));
        }
        return ProduceRequest.SCHEMA.newMessage().set(ProduceRequest.ACKS, (short) -1)
                .set(ProduceRequest.TIMEOUT_MS, 30_000).set(ProduceRequest.TOPIC_DATA, List.of(topic));
    }
}
