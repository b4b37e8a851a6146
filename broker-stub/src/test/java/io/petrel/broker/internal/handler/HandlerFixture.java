package io.petrel.broker.internal.handler;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.BrokerScheduler;
import io.petrel.broker.internal.acl.AclStore;
import io.petrel.broker.internal.acl.Authorizer;
import io.petrel.broker.internal.group.TransactionalOffset;
import io.petrel.broker.internal.group.TransactionalOffsetStore;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.SplicedMessage;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.broker.internal.log.LogSlice;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A broker's data plane without the network: a topic registry in a temporary directory, the handlers
 * built by {@link DataPlaneHandlers}, and ways to call them at a version, encode their answers and
 * have kafka-clients parse them.
 */
final class HandlerFixture implements AutoCloseable {
    static final int NODE_ID = 1;
    static final String CLUSTER_ID = "petrel-test-cluster";

    final Path dataDir;
    final BrokerConfig config;
    final BrokerIdentity identity = new BrokerIdentity(NODE_ID, "localhost", 9092, CLUSTER_ID);
    final ScheduledThreadPoolExecutor scheduler = BrokerScheduler.start("handler-fixture-scheduler");
    final List<String> deletedTopics = new ArrayList<>();
    final TopicRegistry topics;
    final DataPlaneHandlers dataPlane;
    final List<RequestHandler> handlers;

    HandlerFixture(Path dataDir) throws IOException {
        this(dataDir, b -> { });
    }

    HandlerFixture(Path dataDir, Consumer<BrokerConfig.Builder> configure) throws IOException {
        this.dataDir = dataDir;
        BrokerConfig.Builder builder = BrokerConfig.builder().nodeId(NODE_ID).clusterId(CLUSTER_ID).dataDir(dataDir);
        configure.accept(builder);
        this.config = builder.build();
        this.topics = TopicRegistry.open(dataDir, config);
        RequestAuthorizer access = config.security().authorizer().enabled()
                ? new RequestAuthorizer(new Authorizer(config.security().authorizer(), AclStore.open(dataDir)))
                : RequestAuthorizer.allowAll();
        this.dataPlane = DataPlaneHandlers.create(topics, identity, config, scheduler, deletedTopics::add,
                new TransactionalOffsetStore() {
                    @Override
                    public ErrorCode validateMember(String group, int generationId, String memberId,
                                                    String groupInstanceId) {
                        return ErrorCode.NONE;
                    }

                    @Override
                    public void commit(String group, List<TransactionalOffset> offsets) throws IOException {
                        throw new IOException("This fixture has no group coordinator to store transactional offsets");
                    }
                }, access);
        this.handlers = dataPlane.handlers();
    }

    RequestHandler handler(ApiKey api) {
        for (RequestHandler h : handlers) {
            if (h.api() == api) {
                return h;
            }
        }
        throw new AssertionError("No handler for " + api);
    }

    /** Sends the request through its wire form at {@code version} (so only that version's fields survive). */
    CompletableFuture<Response> send(ApiKey api, short version, Message request) {
        MessageSchema schema = api.requestSchema();
        Message decoded = schema.read(schema.serialize(request, version), version);
        RequestContext context = new RequestContext(version, 7, "test-client", "conn-1",
                new InetSocketAddress("127.0.0.1", 50000));
        return handler(api).handle(context, decoded);
    }

    /** Sends and waits for a response body. */
    Message call(ApiKey api, short version, Message request) {
        try {
            Response response = send(api, version, request).get(10, TimeUnit.SECONDS);
            return assertInstanceOf(Response.Body.class, response).body();
        } catch (Exception e) {
            throw new AssertionError(api + " v" + version + " failed", e);
        }
    }

    /** The complete encoding of a response at {@code version}, spliced records read from their files. */
    static ByteBuffer encode(ApiKey api, Message body, short version) {
        SplicedMessage spliced = api.responseSchema().writeSpliced(body, version);
        ByteBuffer out = ByteBuffer.allocate(spliced.totalBytes());
        ByteBuffer bytes = spliced.bytes().duplicate();
        int done = 0;
        for (SplicedMessage.Splice splice : spliced.splices()) {
            out.put(bytes.slice(done, splice.offset() - done));
            done = splice.offset();
            out.put(read((LogSlice) splice.records()));
        }
        out.put(bytes.slice(done, bytes.limit() - done));
        assertEquals(spliced.totalBytes(), out.position(), "encoded size");
        return out.flip();
    }

    /** Parses our encoding of a response with kafka-clients, which fails on anything it cannot read. */
    static AbstractResponse parseWithKafka(ApiKey api, Message body, short version) {
        ByteBuffer bytes = encode(api, body, version);
        AbstractResponse parsed = AbstractResponse.parseResponse(ApiKeys.forId(api.id()),
                new ByteBufferAccessor(bytes), version);
        assertEquals(0, bytes.remaining(), api + " v" + version + ": kafka-clients left bytes unread");
        return parsed;
    }

    /** The bytes of a slice, read from its file. */
    static ByteBuffer read(LogSlice slice) {
        ByteBuffer buf = ByteBuffer.allocate(slice.sizeInBytes());
        try {
            while (buf.hasRemaining()) {
                int n = slice.channel().read(buf, slice.position() + buf.position());
                if (n < 0) {
                    throw new IOException("End of file inside a slice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.flip();
    }

    /** A batch of {@code count} records with values "v0", "v1"... and timestamps from {@code firstTimestamp}. */
    static ByteBuffer batch(int count, long firstTimestamp) {
        RecordBatchBuilder builder = new RecordBatchBuilder(0);
        for (int i = 0; i < count; i++) {
            builder.append(firstTimestamp + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    @Override
    public void close() throws IOException {
        scheduler.shutdownNow();
        dataPlane.transactions().close();
        topics.close();
    }
}
