package io.petrel.protocol;

import io.petrel.protocol.schemas.FetchResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
