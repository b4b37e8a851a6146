package io.petrel.client.internal.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.SplicedMessage;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.ProduceRequest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytes a request goes out as, when its record batches are wrapped instead of copied. */
class SplicedFrameBufferTest {

    @Test
    void aProduceRequestGoesOutAsTheInlineEncodingWithoutCopyingItsBatches() {
        byte[] batch = new byte[300];
        Arrays.fill(batch, (byte) 7);
        ByteBuffer records = ByteBuffer.wrap(batch, 10, 250);
        Message body = produce(records);

        ByteBuf frame = SplicedFrameBuffer.of(RequestFrame.encodeSpliced(ApiKey.PRODUCE, (short) 9, 5, "c", body));
        ByteBuffer expected = RequestFrame.encode(ApiKey.PRODUCE, (short) 9, 5, "c", body);
        assertArrayEquals(Arrays.copyOf(expected.array(), expected.limit()), ByteBufUtil.getBytes(frame));
        assertEquals(10, records.position(), "the batch's buffer is left as it was");

        batch[10] = 42;
        ByteBuffer changed = RequestFrame.encode(ApiKey.PRODUCE, (short) 9, 5, "c", body);
        assertArrayEquals(Arrays.copyOf(changed.array(), changed.limit()), ByteBufUtil.getBytes(frame),
                "the frame reads the batch's own array");
    }

    @Test
    void onAPlaintextChannelTheFrameIsOneDirectCopyOfTheInlineEncoding() {
        byte[] batch = new byte[300];
        Arrays.fill(batch, (byte) 7);
        ByteBuffer records = ByteBuffer.wrap(batch, 10, 250);
        Message body = produce(records);

        ByteBuf frame = SplicedFrameBuffer.copyToDirect(
                RequestFrame.encodeSpliced(ApiKey.PRODUCE, (short) 9, 5, "c", body), PooledByteBufAllocator.DEFAULT);
        try {
            ByteBuffer expected = RequestFrame.encode(ApiKey.PRODUCE, (short) 9, 5, "c", body);
            assertTrue(frame.isDirect(), "Netty writes a direct buffer without copying it again");
            assertArrayEquals(Arrays.copyOf(expected.array(), expected.limit()), ByteBufUtil.getBytes(frame));
            assertEquals(10, records.position(), "the batch's buffer is left as it was");
            batch[10] = 42;
            assertArrayEquals(Arrays.copyOf(expected.array(), expected.limit()), ByteBufUtil.getBytes(frame),
                    "the frame holds its own copy of the batch");
        } finally {
            frame.release();
        }
    }

    @Test
    void aDirectFrameWithoutRecordsIsItsEncoding() {
        Message body = MetadataRequest.SCHEMA.newMessage();
        ByteBuf frame = SplicedFrameBuffer.copyToDirect(
                RequestFrame.encodeSpliced(ApiKey.METADATA, (short) 12, 1, "c", body), PooledByteBufAllocator.DEFAULT);
        try {
            ByteBuffer expected = RequestFrame.encode(ApiKey.METADATA, (short) 12, 1, "c", body);
            assertArrayEquals(Arrays.copyOf(expected.array(), expected.limit()), ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
        }
    }

    @Test
    void aRequestWithoutRecordsIsItsEncoding() {
        Message body = MetadataRequest.SCHEMA.newMessage();
        ByteBuf frame = SplicedFrameBuffer.of(RequestFrame.encodeSpliced(ApiKey.METADATA, (short) 12, 1, "c", body));
        ByteBuffer expected = RequestFrame.encode(ApiKey.METADATA, (short) 12, 1, "c", body);
        assertArrayEquals(Arrays.copyOf(expected.array(), expected.limit()), ByteBufUtil.getBytes(frame));
    }

    @Test
    void recordsThatAreNotInMemoryAreRefused() {
        SplicedMessage frame = new SplicedMessage(ByteBuffer.allocate(8), List.of(
                new SplicedMessage.Splice(4, () -> 10)), 18);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplicedFrameBuffer.of(frame));
        assertTrue(e.getMessage().contains("in memory"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SplicedFrameBuffer.copyToDirect(frame, PooledByteBufAllocator.DEFAULT));
        assertTrue(e.getMessage().contains("in memory"), e.getMessage());
    }

    private static Message produce(ByteBuffer records) {
        Message partition = Message.of(ProduceRequest.PartitionProduceData.SCHEMA)
                .set(ProduceRequest.PartitionProduceData.INDEX, 0)
                .set(ProduceRequest.PartitionProduceData.RECORDS, records);
        Message topic = Message.of(ProduceRequest.TopicProduceData.SCHEMA)
                .set(ProduceRequest.TopicProduceData.NAME, "t")
                .set(ProduceRequest.TopicProduceData.PARTITION_DATA, List.of(partition));
        return ProduceRequest.SCHEMA.newMessage().set(ProduceRequest.ACKS, (short) 1)
                .set(ProduceRequest.TIMEOUT_MS, 1_000).set(ProduceRequest.TOPIC_DATA, List.of(topic));
    }
}
