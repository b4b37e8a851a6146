package io.petrel.broker.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.broker.internal.handler.HandlerRegistry;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.broker.internal.metrics.RequestRecorder;
import io.petrel.broker.internal.security.ConnectionSession;
import io.petrel.broker.security.SecurityProtocol;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Produce frame is served from a retained slice of the buffer Netty read it into, and that slice is given back
 * exactly once whatever happens to the request: answered, refused by its handler, malformed, or still queued or being
 * served when the connection closes. The frames come in one buffer the test owns, so its reference count says
 * whether every slice was released (zero), none twice (a second release would throw).
 */
class RequestBytesReleaseTest {
    private static final int MAX_FRAME = 1024 * 1024;
    private static final int RECORDS_PER_BATCH = 1000;
    private static ResourceLeakDetector.Level previousLevel;

    /** What the Produce handler does with each request; the test sets it. */
    private interface Behaviour {
        CompletableFuture<Response> handle(Message request);
    }

    private final RequestMemoryPool pool = new RequestMemoryPool(Long.MAX_VALUE);
    private final List<ByteBuffer> seenRecords = new ArrayList<>();
    private Behaviour behaviour = request -> CompletableFuture.completedFuture(Response.of(answer()));

    @BeforeAll
    static void paranoidLeakDetection() {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restoreLeakDetection() {
        ResourceLeakDetector.setLevel(previousLevel);
    }

    @Test
    void answeredProduceRequestsAreServedFromTheReadBufferAndReleaseIt() {
        EmbeddedChannel channel = connection();
        ByteBuf read = frames(produceFrame(1), produceFrame(2), produceFrame(3));

        channel.writeInbound(read);
        channel.runPendingTasks();

        assertEquals(3, seenRecords.size());
        assertTrue(seenRecords.get(0).isDirect(), "the records must be the read buffer's own bytes, not a heap copy");
        assertEquals(3, drainResponses(channel));
        assertEquals(0, read.refCnt(), "every frame's slice given back once answered");
        assertEquals(0, pool.used());
        channel.finishAndReleaseAll();
    }

    @Test
    void aHandlerFailureClosesTheConnectionAndReleasesEveryFrame() {
        behaviour = request -> CompletableFuture.failedFuture(new IllegalStateException("refused by the test"));
        EmbeddedChannel channel = connection();
        ByteBuf read = frames(produceFrame(1), produceFrame(2), produceFrame(3));

        channel.writeInbound(read);
        channel.runPendingTasks();

        assertFalse(channel.isActive(), "a failed handler closes the connection");
        assertEquals(0, read.refCnt(), "the failed frame and the two queued behind it are given back");
        assertEquals(0, pool.used());
        channel.finishAndReleaseAll();
    }

    @Test
    void aMalformedProduceBodyClosesTheConnectionAndReleasesItsFrame() {
        EmbeddedChannel channel = connection();
        ByteBuffer bad = produceFrame(1);
        // The topic array's length (after the header, transactional id, acks and timeout) claims far more topics than
        // the frame holds: the body cannot be decoded.
        bad.putInt(bad.limit() - 8, 0x7fffffff);
        ByteBuf read = frames(bad, produceFrame(2));

        channel.writeInbound(read);
        channel.runPendingTasks();

        assertEquals(0, read.refCnt());
        assertEquals(0, pool.used());
        channel.finishAndReleaseAll();
    }

    @Test
    void aConnectionClosedWhileARequestIsServedReleasesItOnceAndTheLateAnswerNothingMore() {
        CompletableFuture<Response> pending = new CompletableFuture<>();
        behaviour = request -> pending;
        EmbeddedChannel channel = connection();
        ByteBuf read = frames(produceFrame(1), produceFrame(2), produceFrame(3));

        channel.writeInbound(read);
        channel.runPendingTasks();
        assertEquals(1, seenRecords.size(), "the first request is being served, two wait");
        channel.close();
        channel.runPendingTasks();
        assertEquals(0, read.refCnt(), "the served frame and the waiting ones are given back on close");

        pending.complete(Response.of(answer()));
        channel.runPendingTasks();
        assertEquals(0, read.refCnt());
        assertEquals(0, pool.used());
        channel.finishAndReleaseAll();
    }

    @Test
    void smallOrNonProduceFramesAreCopiedAndHoldNothing() {
        ByteBuf small = Unpooled.directBuffer().writeBytes(sized(produceFrame(1, 10)));
        RequestBytes copied = RequestBytes.take(small.skipBytes(4), small.readableBytes());
        assertFalse(copied.retainsPooledBuffer(), "a frame under " + RequestBytes.MIN_SLICED_BYTES + " bytes");
        assertEquals(1, small.refCnt());

        ByteBuf large = Unpooled.directBuffer().writeBytes(sized(produceFrame(1)));
        large.skipBytes(4).setShort(large.readerIndex(), ApiKey.FETCH.id());
        RequestBytes fetch = RequestBytes.take(large, large.readableBytes());
        assertFalse(fetch.retainsPooledBuffer(), "any API but Produce is copied: its handler may keep slices");
        assertEquals(1, large.refCnt());
        small.release();
        large.release();
    }

    @Test
    void aSmallFrameInALargeBufferIsCopiedSoItCannotPinTheBuffer() {
        ByteBuffer frame = sized(produceFrame(1));
        ByteBuf big = Unpooled.directBuffer(frame.remaining() * 5).writeBytes(frame);
        RequestBytes taken = RequestBytes.take(big.skipBytes(4), big.readableBytes());
        assertFalse(taken.retainsPooledBuffer(), "a frame under a quarter of its buffer");
        assertEquals(1, big.refCnt());
        big.release();
    }

    private EmbeddedChannel connection() {
        RequestHandler produce = new RequestHandler() {
            @Override
            public ApiKey api() {
                return ApiKey.PRODUCE;
            }

            @Override
            public Versions versions() {
                return ApiKey.PRODUCE.versions();
            }

            @Override
            public CompletableFuture<Response> handle(RequestContext context, Message request) {
                Message partition = request.get(ProduceRequest.TOPIC_DATA).get(0)
                        .get(ProduceRequest.TopicProduceData.PARTITION_DATA).get(0);
                seenRecords.add(partition.get(ProduceRequest.PartitionProduceData.RECORDS));
                return behaviour.handle(request);
            }
        };
        return new TcpLikeChannel(new RequestFrameDecoder(MAX_FRAME, "PLAINTEXT", SecurityProtocol.PLAINTEXT, pool),
                new ConnectionHandler(new HandlerRegistry(List.of(produce)), null, new FaultRules(id -> null), "conn-1",
                        ConnectionSession.anonymous("PLAINTEXT"), pool, RequestRecorder.NONE, System::nanoTime));
    }

    /** An embedded channel with a peer's IP address, as the request context takes. */
    private static final class TcpLikeChannel extends EmbeddedChannel {
        TcpLikeChannel(ChannelHandler... handlers) {
            super(handlers);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);
        }
    }

    private static Message answer() {
        return ProduceResponse.SCHEMA.newMessage().set(ProduceResponse.RESPONSES, List.of())
                .set(ProduceResponse.THROTTLE_TIME_MS, 0);
    }

    private static int drainResponses(EmbeddedChannel channel) {
        int frames = 0;
        ByteBuf all = Unpooled.buffer();
        Object out;
        while ((out = channel.readOutbound()) != null) {
            all.writeBytes((ByteBuf) out);
            ReferenceCountUtil.release(out);
        }
        while (all.readableBytes() >= 4) {
            all.skipBytes(all.readInt());
            frames++;
        }
        return frames;
    }

    /** A Produce v9 request (size prefix included) of one batch large enough to be served from the read buffer. */
    private static ByteBuffer produceFrame(int correlationId) {
        return produceFrame(correlationId, RECORDS_PER_BATCH);
    }

    private static ByteBuffer produceFrame(int correlationId, int records) {
        Message body = RawClient.produce("t", 0, RawClient.batch("a-record-value", records));
        return RequestFrame.encode(ApiKey.PRODUCE, (short) 9, correlationId, "test", body);
    }

    private static ByteBuffer sized(ByteBuffer frame) {
        return frame.duplicate();
    }

    /** The frames in one direct buffer of exactly their size, as one read might bring them. */
    private static ByteBuf frames(ByteBuffer... frames) {
        int size = 0;
        for (ByteBuffer f : frames) {
            size += f.remaining();
        }
        ByteBuf buf = Unpooled.directBuffer(size, size);
        for (ByteBuffer f : frames) {
            buf.writeBytes(f.duplicate());
        }
        return buf;
    }
}
