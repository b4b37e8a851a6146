package io.petrel.broker.internal.network;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.petrel.broker.security.SecurityProtocol;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * queued.max.request.bytes at the frame decoder: bytes are counted as they arrive (a partial frame costs what came
 * of it), a connection stops being read while the pool is over its bound, one connection at a time may finish its
 * frame past it, and reading resumes once answers give the memory back.
 */
class RequestMemoryBoundTest {
    private static final int KIB = 1024;
    private static final int MAX_FRAME = 1024 * KIB;

    private final RequestMemoryPool pool = new RequestMemoryPool(10 * KIB);

    /** A connection whose requests are held, unanswered, until the test releases them. */
    private final class Connection {
        final List<RequestBytes> held = new ArrayList<>();
        final EmbeddedChannel channel = new EmbeddedChannel(
                new RequestFrameDecoder(MAX_FRAME, "PLAINTEXT", SecurityProtocol.PLAINTEXT, pool),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        held.add((RequestBytes) msg);
                    }
                });

        void send(byte[] bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            channel.runPendingTasks();
        }

        void answerAll() {
            for (RequestBytes frame : held) {
                frame.release();
                pool.release(frame.size());
            }
            held.clear();
        }

        boolean reading() {
            channel.runPendingTasks();
            return channel.config().isAutoRead();
        }
    }

    private static byte[] header(int size) {
        return ByteBuffer.allocate(4).putInt(size).array();
    }

    @Test
    void aPartialFrameCostsWhatArrivedNotWhatItsSizeClaims() {
        Connection stalled = new Connection();
        stalled.send(header(MAX_FRAME));
        stalled.send(new byte[100]);
        assertEquals(104, pool.used(), "a frame claiming 1 MiB with 100 bytes sent so far (and its 4-byte size)");
        assertTrue(stalled.reading());
        stalled.channel.close();
        assertEquals(0, pool.used(), "a closed connection's partial frame is given back");
    }

    @Test
    void pastTheBoundConnectionsStopBeingReadAndResumeWhenAnswersFreeMemory() {
        Connection a = new Connection();
        Connection b = new Connection();
        Connection c = new Connection();
        a.send(frame(6 * KIB));
        assertEquals(1, a.held.size());
        assertTrue(a.reading(), "6 KiB held of a 10 KiB bound");

        b.send(frame(6 * KIB));
        assertEquals(12 * KIB, pool.used(), "two whole 6 KiB requests, unanswered");
        assertFalse(b.reading(), "over the bound, a connection with no partial frame stops being read");
        c.send(header(4 * KIB));
        c.send(new byte[KIB]);
        assertTrue(c.reading(), "one connection may finish its partial frame past the bound");
        Connection d = new Connection();
        d.send(header(4 * KIB));
        d.send(new byte[KIB]);
        assertFalse(d.reading(), "only one at a time: d waits for c's frame");

        c.send(new byte[3 * KIB]);
        assertEquals(1, c.held.size(), "c's frame is whole");
        assertTrue(d.reading(), "c gave up the overflow once its frame was whole, so d may finish its own");
        assertFalse(c.reading(), "c itself now waits: the pool is still over its bound");

        a.answerAll();
        b.answerAll();
        c.answerAll();
        assertTrue(pool.used() <= 10 * KIB, "answered requests give their memory back: " + pool.used());
        assertTrue(b.reading(), "under the bound again, b is read");
        assertTrue(c.reading());
    }

    @Test
    void whateverTheClientsSendTheCountStaysWithinTheBoundPlusOneFramePlusOneReadEach() {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Connection connection = new Connection();
            connections.add(connection);
            // Each sends 8 KiB of a 512 KiB frame in 1 KiB reads, stopping where it is no longer read.
            connection.send(header(512 * KIB));
            for (int k = 0; k < 8 && connection.reading(); k++) {
                connection.send(new byte[KIB]);
            }
        }
        assertTrue(pool.used() <= 10 * KIB + 512 * KIB + 50 * (KIB + 4), "held " + pool.used());
        assertTrue(pool.used() < 50 * 8 * KIB, "most connections were stopped: held " + pool.used());
        connections.forEach(c -> c.channel.close());
        assertEquals(0, pool.used());
    }

    private static byte[] frame(int bodyBytes) {
        return ByteBuffer.allocate(4 + bodyBytes).putInt(bodyBytes).array();
    }
}
