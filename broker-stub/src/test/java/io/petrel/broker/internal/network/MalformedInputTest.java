package io.petrel.broker.internal.network;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.protocol.schemas.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes no Kafka client would send: the connection that sent them is closed (or the request refused),
 * nothing is written to the log, memory does not follow what a frame claims, and everyone else is served.
 * The frame decoder on its own (EmbeddedChannel, beside the client's) is tested in client-core's FrameDecodersTest.
 */
class MalformedInputTest {
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(10);
    private static final int MIB = 1024 * 1024;

    private static Broker broker;

    @BeforeAll
    static void start() {
        broker = Broker.start(BrokerConfig.builder().build());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aTruncatedFrameFollowedByCloseLeavesTheBrokerServing() throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            byte[] partial = ByteBuffer.allocate(4 + 10).putInt(100).put(new byte[10]).array();
            client.sendRaw(partial);
        }
        assertServesANormalClient();
    }

    @Test
    void aFrameClaimingTwoGibibytesClosesThatConnectionOnly() throws IOException {
        try (RawClient bystander = RawClient.connect(broker.port());
             RawClient client = RawClient.connect(broker.port())) {
            client.sendRaw(ByteBuffer.allocate(4 + 8).putInt(Integer.MAX_VALUE).putLong(0x0003000C00000001L).array());
            assertTrue(client.awaitClosed(CLOSE_WITHIN), "a 2 GiB frame must close the connection");

            Message answer = bystander.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            assertEquals(ErrorCode.NONE.code(), answer.get(ApiVersionsResponse.ERROR_CODE));
        }
        assertServesANormalClient();
    }

    @Test
    void aNegativeFrameSizeClosesTheConnection() throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            client.sendRaw(ByteBuffer.allocate(8).putInt(-5).putInt(7).array());
            assertTrue(client.awaitClosed(CLOSE_WITHIN));
        }
        assertServesANormalClient();
    }

    @Test
    void garbageBytesCloseTheConnection() throws IOException {
        List<byte[]> garbage = new ArrayList<>();
        // Someone pointing a web browser at the port: "GET " is a 1.2 GB size prefix.
        garbage.add("GET / HTTP/1.1\r\nHost: localhost:9092\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        // A TLS ClientHello: 0x16030100 is also far beyond the limit.
        garbage.add(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03});
        // A frame too short to hold a request header.
        garbage.add(ByteBuffer.allocate(7).putInt(3).put(new byte[] {0, 3, 0}).array());
        // A Metadata v12 header whose client id claims more bytes than the frame holds.
        garbage.add(ByteBuffer.allocate(4 + 10).putInt(10).putShort((short) 3).putShort((short) 12).putInt(9)
                .putShort((short) 500).array());
        // A valid Metadata v12 header followed by a body of 0xFF bytes (an endless varint).
        byte[] header = ProtocolTest.headerV1Frame(ApiKey.METADATA.id(), (short) 12, 10, new byte[0]);
        byte[] ffs = new byte[24];
        java.util.Arrays.fill(ffs, (byte) 0xFF);
        int size = header.length - 4 + 1 + ffs.length; // + the empty tag section of header v2
        garbage.add(ByteBuffer.allocate(4 + size).putInt(size).put(header, 4, header.length - 4).put((byte) 0).put(ffs).array());

        for (byte[] bytes : garbage) {
            try (RawClient client = RawClient.connect(broker.port())) {
                client.sendRaw(bytes);
                assertTrue(client.awaitClosed(CLOSE_WITHIN), () -> "garbage must close the connection: "
                        + new String(bytes, StandardCharsets.ISO_8859_1));
            }
        }
        // Seeded random garbage: whatever it parses as, the broker answers or hangs up, and keeps serving.
        Random random = new Random(20261125L);
        for (int i = 0; i < 20; i++) {
            byte[] bytes = new byte[64 + random.nextInt(512)];
            random.nextBytes(bytes);
            ByteBuffer.wrap(bytes).putInt(bytes.length - 4);
            try (RawClient client = RawClient.connect(broker.port())) {
                client.sendRaw(bytes);
            }
        }
        assertServesANormalClient();
    }

    @Test
    void aProduceWithABadCrcIsAnsweredCorruptMessageAndNothingIsAppended() throws IOException {
        String topic = "bad-crc";
        try (RawClient client = RawClient.connect(broker.port())) {
            client.createTopicOrFail(topic, 1);
            ByteBuffer batch = RawClient.batch("crc", 3);
            int last = batch.limit() - 1;
            batch.put(last, (byte) (batch.get(last) ^ 0x5A)); // a bit flip inside the records, covered by the CRC

            Message response = client.call(ApiKey.PRODUCE, 9, RawClient.produce(topic, 0, batch));
            Message partition = partition(response, 0);
            assertEquals(ErrorCode.CORRUPT_MESSAGE.code(), partition.get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
            assertEquals(0L, client.logEndOffset(topic, 0), "a corrupt batch must not be appended");

            // The connection is fine and a good batch goes in at offset 0.
            Message good = client.call(ApiKey.PRODUCE, 9, RawClient.produce(topic, 0, RawClient.batch("ok", 3)));
            assertEquals(ErrorCode.NONE.code(), partition(good, 0).get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
            assertEquals(0L, partition(good, 0).get(ProduceResponse.PartitionProduceResponse.BASE_OFFSET));
            assertEquals(3L, client.logEndOffset(topic, 0));
        }
    }

    /** Large Produce frames (2,000-record batches, several reads each) with a bad batch are refused whole. */
    @Test
    void largeProduceFramesWithACorruptOrTruncatedBatchAreRefusedAndGoodOnesAppended() throws IOException {
        String topic = "large-bad";
        try (RawClient client = RawClient.connect(broker.port())) {
            client.createTopicOrFail(topic, 1);
            ByteBuffer flipped = RawClient.batch("a-record-of-a-large-batch", 2000);
            int last = flipped.limit() - 1;
            flipped.put(last, (byte) (flipped.get(last) ^ 0x5A));
            Message crc = client.call(ApiKey.PRODUCE, 9, RawClient.produce(topic, 0, flipped));
            assertEquals(ErrorCode.CORRUPT_MESSAGE.code(), partition(crc, 0).get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));

            ByteBuffer whole = RawClient.batch("a-record-of-a-large-batch", 2000);
            ByteBuffer truncated = whole.duplicate().limit(whole.limit() - 1000).slice();
            Message cut = client.call(ApiKey.PRODUCE, 9, RawClient.produce(topic, 0, truncated));
            assertEquals(ErrorCode.CORRUPT_MESSAGE.code(), partition(cut, 0).get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
            assertEquals(0L, client.logEndOffset(topic, 0), "nothing of a refused batch is appended");

            for (int i = 0; i < 3; i++) {
                Message good = client.call(ApiKey.PRODUCE, 9, RawClient.produce(topic, 0,
                        RawClient.batch("a-record-of-a-large-batch", 2000)));
                assertEquals(ErrorCode.NONE.code(), partition(good, 0).get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
                assertEquals(2000L * i, partition(good, 0).get(ProduceResponse.PartitionProduceResponse.BASE_OFFSET));
            }
            assertEquals(6000L, client.logEndOffset(topic, 0));
        }
        assertServesANormalClient();
    }

    @Test
    void aHugeArrayCountInsideASmallFrameIsRefusedWithoutAllocatingIt() throws IOException {
        // Metadata v4: non-flexible, topics is an int32 count; claim 2^31-1 topics in a 5-byte body.
        byte[] v4 = ProtocolTest.headerV1Frame(ApiKey.METADATA.id(), (short) 4, 11,
                ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put((byte) 0).array());
        // Metadata v12: flexible, a compact array's length is count+1 as an unsigned varint: 2^31 here.
        byte[] header = ProtocolTest.headerV1Frame(ApiKey.METADATA.id(), (short) 12, 12, new byte[0]);
        byte[] body = {0, /* header tags */ (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, /* count */ 0, 0};
        int size = header.length - 4 + body.length;
        byte[] v12 = ByteBuffer.allocate(4 + size).putInt(size).put(header, 4, header.length - 4).put(body).array();

        for (byte[] frame : List.of(v4, v12)) {
            try (RawClient client = RawClient.connect(broker.port())) {
                client.sendRaw(frame);
                assertTrue(client.awaitClosed(CLOSE_WITHIN), "a frame whose array cannot fit must close the connection");
            }
        }
        assertServesANormalClient();
    }

    @Test
    void aFrameJustOverTheLimitIsRefusedAndOneAtTheLimitIsRead() throws IOException {
        try (Broker small = Broker.start(BrokerConfig.builder().maxRequestBytes(1024).build())) {
            try (RawClient client = RawClient.connect(small.port())) {
                client.sendRaw(ByteBuffer.allocate(4 + 16).putInt(1025).array());
                assertTrue(client.awaitClosed(CLOSE_WITHIN), "1025 bytes exceeds socket.request.max.bytes=1024");
            }
            try (RawClient client = RawClient.connect(small.port())) {
                // ApiVersions v3 padded with tagged fields to exactly 1024 bytes.
                client.sendRaw(apiVersionsOfExactly(1024, 21));
                ByteBuffer answer = client.readFrame();
                assertEquals(21, answer.getInt(0));
                assertEquals(ErrorCode.NONE.code(), answer.getShort(4));
            }
        }
    }

    /**
     * Many connections each claim a 99 MiB frame and send a few bytes of it. Were the broker to reserve
     * what a frame claims, that would be 200 x 99 MiB (more than this JVM's heap); it holds only what arrived.
     */
    @Test
    void framesThatClaimMuchAndDeliverLittleDoNotCostWhatTheyClaim() throws IOException {
        int connections = 200;
        int claimed = 99 * MIB;
        long before = usedMemory();
        List<Socket> liars = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket("127.0.0.1", broker.port());
                liars.add(socket);
                byte[] start = ByteBuffer.allocate(4 + 12).putInt(claimed).putShort(ApiKey.PRODUCE.id()).putShort((short) 9)
                        .putInt(i).putInt(0).array();
                socket.getOutputStream().write(start);
                socket.getOutputStream().flush();
            }
            // Served on every event loop (connections are spread round-robin) while the liars wait.
            for (int i = 0; i < 4; i++) {
                assertServesANormalClient();
            }
            long during = usedMemory();
            long grew = during - before;
            assertTrue(grew < 64L * MIB, "memory grew by " + grew / MIB + " MiB while " + connections
                    + " connections claimed " + (long) connections * claimed / MIB + " MiB");
            // And the broker still holds every one of them open, waiting for the rest of its frame (a broker
            // that tried to reserve the claimed sizes would have run out of memory and dropped them).
            for (Socket socket : liars) {
                assertTrue(isOpenWithNothingToRead(socket), "the broker closed a connection whose frame was still arriving");
            }
        } finally {
            for (Socket socket : liars) {
                socket.close();
            }
        }
        assertServesANormalClient();
    }

    /** True when the peer has neither closed the connection nor sent anything: a read times out. */
    private static boolean isOpenWithNothingToRead(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            socket.getInputStream().read();
            return false;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return true;
        } catch (java.net.SocketException reset) {
            return false;
        }
    }

    private static void assertServesANormalClient() throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            Message answer = client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            assertEquals(ErrorCode.NONE.code(), answer.get(ApiVersionsResponse.ERROR_CODE));
        }
    }

    private static Message partition(Message produceResponse, int index) {
        for (Message topic : produceResponse.get(ProduceResponse.RESPONSES)) {
            for (Message p : topic.get(ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES)) {
                if (p.get(ProduceResponse.PartitionProduceResponse.INDEX) == index) {
                    return p;
                }
            }
        }
        throw new AssertionError("No partition " + index + " in " + produceResponse);
    }

    /** ApiVersions v3 of exactly {@code total} bytes after the size prefix: padding goes in an unknown tagged field. */
    private static byte[] apiVersionsOfExactly(int total, int correlationId) {
        ByteBuffer body = ByteBuffer.allocate(total);
        body.putShort(ApiKey.API_VERSIONS.id()).putShort((short) 3).putInt(correlationId).putShort((short) -1).put((byte) 0);
        body.put((byte) 2).put((byte) 'x').put((byte) 2).put((byte) '1'); // compact strings "x" and "1"
        int padding = total - body.position() - 1 - 1 - 2; // tag count, tag, 2-byte size varint
        body.put((byte) 1).put((byte) 99);
        body.put((byte) (0x80 | (padding & 0x7F))).put((byte) (padding >>> 7));
        body.put(new byte[padding]);
        assertEquals(total, body.position());
        return ByteBuffer.allocate(4 + total).putInt(total).put(body.array()).array();
    }

    /** Heap in use after a collection, plus direct buffers (where Netty's socket reads land). */
    private static long usedMemory() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct += pool.getMemoryUsed();
            }
        }
        return heap + direct + io.netty.util.internal.PlatformDependent.usedDirectMemory();
    }
}
