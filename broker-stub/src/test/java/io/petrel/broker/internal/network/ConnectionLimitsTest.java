package io.petrel.broker.internal.network;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.ConnectionLimits;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka's connection limits on broker-stub: max.connections (the broker stops accepting; the next client waits
 * until one closes), max.connections.per.ip (one more is closed), connections.max.idle.ms on the broker's clock
 * (a stalled partial frame included), and a client that never reads its responses stops being read.
 */
class ConnectionLimitsTest {
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(10);
    /** How long a test waits to see that something does not happen. */
    private static final Duration QUIET = Duration.ofMillis(500);

    private static Broker start(ConnectionLimits limits) {
        return Broker.start(BrokerConfig.builder().connectionLimits(limits).build());
    }

    private static void assertServed(RawClient client) throws IOException {
        assertEquals(ErrorCode.NONE.code(),
                client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions()).get(ApiVersionsResponse.ERROR_CODE));
    }

    @Test
    void atMaxConnectionsTheNextClientWaitsUntilOneCloses() throws IOException {
        try (Broker broker = start(ConnectionLimits.defaults().withMaxConnections(2));
             RawClient first = RawClient.connect(broker.port());
             RawClient second = connectedAfter(first, broker);
             RawClient third = connectedAfter(second, broker)) {
            int correlationId = third.send(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            assertThrows(SocketTimeoutException.class, () -> third.readWithin(QUIET),
                    "a third connection is not served while two are open under max.connections=2");

            first.close();
            assertEquals(correlationId, third.read(ApiKey.API_VERSIONS, 3).correlationId(),
                    "once one closes, the waiting connection is accepted and served");
            assertServed(second);
        }
    }

    /** Connects once {@code previous} is served, so the broker accepts them one at a time, not in one batch. */
    private static RawClient connectedAfter(RawClient previous, Broker broker) throws IOException {
        assertServed(previous);
        return RawClient.connect(broker.port());
    }

    @Test
    void pastMaxConnectionsPerIpTheNewConnectionIsClosed() throws IOException {
        try (Broker broker = start(ConnectionLimits.defaults().withMaxConnectionsPerIp(2));
             RawClient first = RawClient.connect(broker.port());
             RawClient second = connectedAfter(first, broker);
             RawClient third = connectedAfter(second, broker)) {
            assertTrue(third.awaitClosed(CLOSE_WITHIN), "a third connection from 127.0.0.1 is closed");
            second.close();
            try (RawClient again = RawClient.connect(broker.port())) {
                assertServed(again);
            }
        }
    }

    @Test
    void idleConnectionsAndStalledPartialFramesAreClosedOnTheBrokersClock() throws IOException {
        ManualClock clock = new ManualClock();
        Duration idle = Duration.ofMinutes(10);
        try (Broker broker = Broker.start(BrokerConfig.builder().clock(clock).nanoTime(clock::nanoTime)
                .idleConnectionTimeout(idle).build());
             RawClient quiet = RawClient.connect(broker.port());
             RawClient stalled = RawClient.connect(broker.port());
             RawClient busy = RawClient.connect(broker.port())) {
            assertServed(quiet);
            // The size of a 1 MiB frame and 10 bytes of it, then nothing.
            stalled.sendRaw(ByteBuffer.allocate(14).putInt(1024 * 1024).array());

            clock.advance(idle.minusSeconds(1));
            assertServed(busy);
            assertFalse(quiet.awaitClosed(QUIET), "idle for less than connections.max.idle.ms: still open");

            // A whole timeout more: the stalled bytes may have been read after the first advance.
            clock.advance(idle);
            assertTrue(quiet.awaitClosed(CLOSE_WITHIN), "idle past connections.max.idle.ms: closed");
            assertTrue(stalled.awaitClosed(CLOSE_WITHIN), "a stalled partial frame is idle too: closed");
            try (RawClient next = RawClient.connect(broker.port())) {
                assertServed(next);
            }
        }
    }

    @Test
    void aClientThatNeverReadsItsResponsesStopsBeingReadAndOthersAreServed() throws IOException {
        try (Broker broker = start(ConnectionLimits.defaults().withMaxUnsentResponseBytes(64 * 1024));
             SocketChannel nonReader = SocketChannel.open();
             RawClient other = RawClient.connect(broker.port())) {
            // A small receive buffer, so the kernel holds few of the unread answers and the broker the rest.
            nonReader.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            nonReader.connect(new InetSocketAddress("127.0.0.1", broker.port()));
            long heapBefore = heapUsedAfterGc();
            nonReader.configureBlocking(false);
            // ApiVersions: a 40-byte request answered with about 400 bytes, so a broker that went on reading
            // and answering would hold ten times what the client sent.
            ByteBuffer request = RequestFrame.encode(ApiKey.API_VERSIONS, (short) 3, 1, "non-reader",
                    RawClient.apiVersions());
            ByteBuffer burst = ByteBuffer.allocate(request.remaining() * 1000);
            while (burst.remaining() >= request.remaining()) {
                burst.put(request.duplicate());
            }
            burst.flip();
            long limit = 64L * 1024 * 1024;
            long written = 0;
            long lastProgress = System.nanoTime();
            // Writes whole frames until the socket has taken nothing for a second (the broker stopped reading and
            // the kernel's buffers are full) or 64 MiB went through.
            while (written < limit && System.nanoTime() - lastProgress < QUIET.toNanos() * 2) {
                if (!burst.hasRemaining()) {
                    burst.rewind();
                }
                int n = nonReader.write(burst);
                written += n;
                if (n > 0) {
                    lastProgress = System.nanoTime();
                } else {
                    assertServed(other);
                }
            }
            long sent = written;
            assertTrue(written < limit, () -> "the broker kept reading requests whose answers were never read: "
                    + sent + " bytes taken");
            long grown = heapUsedAfterGc() - heapBefore;
            assertTrue(grown < 16 * 1024 * 1024, () -> "heap grew by " + grown / 1024 + " KiB after " + sent / 1024
                    + " KiB of requests whose answers were never read");
            assertServed(other);
        }
    }

    private static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
