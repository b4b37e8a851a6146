package io.petrel.broker.internal.network;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.schemas.ApiVersionsRequest;
import io.petrel.protocol.schemas.CreateTopicsRequest;
import io.petrel.protocol.schemas.CreateTopicsResponse;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.protocol.schemas.ListOffsetsResponse;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.ProduceRequest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Kafka client written with nothing but a socket and Petrel's frame codecs, for tests that need to send
 * what a real client never would (bad frames, unknown keys, pipelined bursts) and read exactly what comes back.
 */
public final class RawClient implements AutoCloseable {
    /** How long a read waits before a test fails rather than hanging. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    public static final String CLIENT_ID = "raw-test-client";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not connect to 127.0.0.1:" + port, e);
        }
    }

    /** Sends a request with the next correlation id and returns that id. */
    public int send(ApiKey api, int version, Message body) throws IOException {
        int correlationId = nextCorrelationId++;
        sendRaw(RequestFrame.encode(api, (short) version, correlationId, CLIENT_ID, body));
        return correlationId;
    }

    public void sendRaw(ByteBuffer bytes) throws IOException {
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        sendRaw(array);
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one size-prefixed frame and returns its bytes without the prefix. */
    public ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        return ByteBuffer.wrap(frame);
    }

    /** Reads one frame, waiting at most {@code timeout} for it ({@link java.net.SocketTimeoutException} then). */
    public ByteBuffer readWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            return readFrame();
        } finally {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        }
    }

    /** Reads one response and decodes it as {@code api} at {@code version}. */
    public ResponseFrame read(ApiKey api, int version) throws IOException {
        return ResponseFrame.decode(readFrame(), api, (short) version);
    }

    /** Sends a request and reads its response, checking the correlation id. */
    public Message call(ApiKey api, int version, Message body) throws IOException {
        int correlationId = send(api, version, body);
        ResponseFrame response = read(api, version);
        assertEquals(correlationId, response.correlationId(), "correlation id of the " + api.apiName() + " response");
        return response.body();
    }

    /**
     * Waits, up to {@code timeout}, for the broker to close the connection, reading and discarding
     * anything it sends first. True when it closed; false when the time ran out with the connection open.
     */
    public boolean awaitClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[8192];
        InputStream raw = socket.getInputStream();
        try {
            while (true) {
                long left = Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                if (raw.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            // A reset (the broker closed with unread bytes in its buffer) is a close too.
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            }
        }
    }

    /** True when a read hits end of stream (or a reset) instead of a frame. */
    public boolean readHitsEnd() throws IOException {
        try {
            readFrame();
            return false;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- request bodies --------------------------------------------------------------------------------

    public static Message apiVersions() {
        return ApiVersionsRequest.SCHEMA.newMessage()
                .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "petrel-raw-test")
                .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1.0");
    }

    /** Metadata for the named topics (none auto-created); null names ask for every topic. */
    public static Message metadata(List<String> names) {
        List<Message> topics = null;
        if (names != null) {
            topics = new ArrayList<>();
            for (String name : names) {
                topics.add(Message.of(MetadataRequest.MetadataRequestTopic.SCHEMA)
                        .set(MetadataRequest.MetadataRequestTopic.NAME, name));
            }
        }
        return MetadataRequest.SCHEMA.newMessage()
                .set(MetadataRequest.TOPICS, topics)
                .set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, false);
    }

    public static Message createTopic(String name, int partitions) {
        Message topic = Message.of(CreateTopicsRequest.CreatableTopic.SCHEMA)
                .set(CreateTopicsRequest.CreatableTopic.NAME, name)
                .set(CreateTopicsRequest.CreatableTopic.NUM_PARTITIONS, partitions)
                .set(CreateTopicsRequest.CreatableTopic.REPLICATION_FACTOR, (short) 1);
        return CreateTopicsRequest.SCHEMA.newMessage()
                .set(CreateTopicsRequest.TOPICS, new ArrayList<>(List.of(topic)))
                .set(CreateTopicsRequest.TIMEOUT_MS, 10_000);
    }

    /** Creates a topic through CreateTopics v7 and checks that it worked. */
    public void createTopicOrFail(String name, int partitions) throws IOException {
        Message response = call(ApiKey.CREATE_TOPICS, 7, createTopic(name, partitions));
        Message topic = response.get(CreateTopicsResponse.TOPICS).get(0);
        assertEquals(ErrorCode.NONE.code(), topic.get(CreateTopicsResponse.CreatableTopicResult.ERROR_CODE),
                () -> "CreateTopics " + name + ": " + topic);
    }

    /** A Produce (by topic name, so v3..v12) with one batch per partition. */
    public static Message produce(String topic, Map<Integer, ByteBuffer> batches) {
        List<Message> partitions = new ArrayList<>();
        for (Map.Entry<Integer, ByteBuffer> e : batches.entrySet()) {
            partitions.add(Message.of(ProduceRequest.PartitionProduceData.SCHEMA)
                    .set(ProduceRequest.PartitionProduceData.INDEX, e.getKey())
                    .set(ProduceRequest.PartitionProduceData.RECORDS, e.getValue()));
        }
        Message t = Message.of(ProduceRequest.TopicProduceData.SCHEMA)
                .set(ProduceRequest.TopicProduceData.NAME, topic)
                .set(ProduceRequest.TopicProduceData.PARTITION_DATA, partitions);
        return ProduceRequest.SCHEMA.newMessage()
                .set(ProduceRequest.ACKS, (short) -1)
                .set(ProduceRequest.TIMEOUT_MS, 30_000)
                .set(ProduceRequest.TOPIC_DATA, new ArrayList<>(List.of(t)));
    }

    public static Message produce(String topic, int partition, ByteBuffer batch) {
        Map<Integer, ByteBuffer> one = new LinkedHashMap<>();
        one.put(partition, batch);
        return produce(topic, one);
    }

    /** A batch of {@code count} records with values "{prefix}-0", "{prefix}-1"... */
    public static ByteBuffer batch(String prefix, int count) {
        RecordBatchBuilder builder = new RecordBatchBuilder(0);
        for (int i = 0; i < count; i++) {
            builder.append(System.currentTimeMillis(), null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** A Fetch by topic name (v4..v12) of one partition from {@code offset}. */
    public static Message fetch(String topic, int partition, long offset, int maxWaitMs, int minBytes) {
        Message p = Message.of(FetchRequest.FetchPartition.SCHEMA)
                .set(FetchRequest.FetchPartition.PARTITION, partition)
                .set(FetchRequest.FetchPartition.FETCH_OFFSET, offset)
                .set(FetchRequest.FetchPartition.PARTITION_MAX_BYTES, 1 << 20);
        Message t = Message.of(FetchRequest.FetchTopic.SCHEMA)
                .set(FetchRequest.FetchTopic.TOPIC, topic)
                .set(FetchRequest.FetchTopic.PARTITIONS, new ArrayList<>(List.of(p)));
        return FetchRequest.SCHEMA.newMessage()
                .set(FetchRequest.REPLICA_ID, -1)
                .set(FetchRequest.MAX_WAIT_MS, maxWaitMs)
                .set(FetchRequest.MIN_BYTES, minBytes)
                .set(FetchRequest.MAX_BYTES, 1 << 20)
                .set(FetchRequest.TOPICS, new ArrayList<>(List.of(t)));
    }

    /** The log end offset of a partition, from ListOffsets v7 with the LATEST timestamp (-1). */
    public long logEndOffset(String topic, int partition) throws IOException {
        Message p = Message.of(ListOffsetsRequest.ListOffsetsPartition.SCHEMA)
                .set(ListOffsetsRequest.ListOffsetsPartition.PARTITION_INDEX, partition)
                .set(ListOffsetsRequest.ListOffsetsPartition.TIMESTAMP, -1L);
        Message t = Message.of(ListOffsetsRequest.ListOffsetsTopic.SCHEMA)
                .set(ListOffsetsRequest.ListOffsetsTopic.NAME, topic)
                .set(ListOffsetsRequest.ListOffsetsTopic.PARTITIONS, new ArrayList<>(List.of(p)));
        Message request = ListOffsetsRequest.SCHEMA.newMessage()
                .set(ListOffsetsRequest.REPLICA_ID, -1)
                .set(ListOffsetsRequest.TOPICS, new ArrayList<>(List.of(t)));
        Message response = call(ApiKey.LIST_OFFSETS, 7, request);
        Message partitionResponse = response.get(ListOffsetsResponse.TOPICS).get(0)
                .get(ListOffsetsResponse.ListOffsetsTopicResponse.PARTITIONS).get(0);
        assertEquals(ErrorCode.NONE.code(), partitionResponse.get(ListOffsetsResponse.ListOffsetsPartitionResponse.ERROR_CODE),
                () -> "ListOffsets " + topic + "-" + partition + ": " + partitionResponse);
        return partitionResponse.get(ListOffsetsResponse.ListOffsetsPartitionResponse.OFFSET);
    }
}
