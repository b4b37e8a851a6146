package io.petrel.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault proxy on its own, in front of a small server that speaks Kafka's framing: each request (size, api key,
 * version, correlation id, body) is answered by a response carrying its correlation id and api key, unless the
 * server is told to only count what it receives.
 */
class FaultProxyTest {
    private FrameServer server;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        server = new FrameServer();
        proxy = FaultProxy.start("test", server.address());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.close();
    }

    @Test
    void forwardsRequestsAndResponsesUnchanged() throws IOException {
        try (Client client = new Client(proxy.port())) {
            for (int i = 0; i < 50; i++) {
                client.send(3, i, new byte[i * 100]);
                assertEquals(i, client.receiveCorrelationId());
            }
        }
        assertEquals(50, server.requests.size());
        assertEquals(1, proxy.accepted());
    }

    @Test
    void aDelayHoldsEachFrameBackBothWaysAndKeepsTheirOrder() throws IOException {
        proxy.delay(Duration.ofMillis(200));
        try (Client client = new Client(proxy.port())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                client.send(3, i, new byte[10]);
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(i, client.receiveCorrelationId());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(millis >= 400, "answered after " + millis + " ms through 200 ms each way");
        }
    }

    @Test
    void aBlackholeAcceptsButNeverAnswersUntilHealed() throws IOException {
        try (Client client = new Client(proxy.port())) {
            client.send(3, 1, new byte[10]);
            assertEquals(1, client.receiveCorrelationId());
            proxy.blackhole();
            client.send(3, 2, new byte[10]);
            client.assertSilent("a blackholed request");
            try (Client late = new Client(proxy.port())) {
                late.send(3, 7, new byte[10]);
                late.assertSilent("a connection made meanwhile");
            }
            proxy.heal();
            client.send(3, 3, new byte[10]);
            assertEquals(3, client.receiveCorrelationId(), "after healing, the dropped request stays dropped");
        }
        assertEquals(List.of(1, 3), server.correlationIds());
    }

    @Test
    void aBlackholedClientIsNotToldThatTheBrokerWentAwayUntilHealed() throws IOException {
        try (Client client = new Client(proxy.port())) {
            client.send(3, 1, new byte[10]);
            assertEquals(1, client.receiveCorrelationId());
            proxy.blackhole();
            server.dropConnections();
            Await.until("the proxy to see the broker's side close", () -> !proxy.links().get(0).isOpen());
            client.send(3, 2, new byte[10]);
            client.assertSilent("a host that stopped answering sends no FIN either");
            proxy.heal();
            assertThrows(java.io.EOFException.class, client::receiveCorrelationId, "closed once healed");
        }
    }

    @Test
    void aResetBreaksTheConnectionWithRst() throws IOException {
        try (Client client = new Client(proxy.port())) {
            client.send(3, 1, new byte[10]);
            assertEquals(1, client.receiveCorrelationId());
            Await.until("the link is open", () -> proxy.links().size() == 1 && proxy.links().get(0).isOpen());
            proxy.resetAll();
            SocketException e = assertThrows(SocketException.class, client::receiveCorrelationId);
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
        }
        Await.until("the link is forgotten", () -> proxy.links().isEmpty());
    }

    @Test
    void resetOnResponseLetsTheRequestThroughAndReplacesItsAnswerWithAReset() throws IOException {
        proxy.resetOnResponse(0, 1);
        try (Client client = new Client(proxy.port())) {
            client.send(3, 1, new byte[10]);
            assertEquals(1, client.receiveCorrelationId(), "other api keys pass");
            client.send(0, 2, new byte[10]);
            assertThrows(SocketException.class, client::receiveCorrelationId);
        }
        assertEquals(List.of(1, 2), server.correlationIds(), "the server got the produce request");
        assertEquals(1, proxy.resetsInjected());
        try (Client again = new Client(proxy.port())) {
            again.send(0, 3, new byte[10]);
            assertEquals(3, again.receiveCorrelationId(), "only the next request of that key is reset");
        }
    }

    @Test
    void aBandwidthLimitPacesTheBytesAndPushesBackInsteadOfBuffering() throws IOException {
        server.answer = false;
        long rate = 2 << 20;
        int frames = 96;
        int frameSize = 64 << 10;
        proxy.bandwidth(rate);
        try (Client client = new Client(proxy.port())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                client.send(0, i, new byte[frameSize - 12]);
            }
            long total = (long) frames * frameSize;
            Await.until(Duration.ofSeconds(60), () -> "the server got " + server.bytes.get() + " of " + total + " bytes",
                    () -> server.bytes.get() == total);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long atRate = total * 1000 / rate;
            assertTrue(millis >= atRate * 8 / 10, total + " bytes at " + rate + " B/s took " + millis
                    + " ms, expected at least about " + atRate);
        }
        assertTrue(proxy.peakQueuedBytes() <= FaultProxy.HIGH_WATER_BYTES + (2 << 20),
                "the proxy held up to " + proxy.peakQueuedBytes() + " bytes of a 6 MB stream");
    }

    @Test
    void refusesConnectionsUntilItKnowsTheBroker() throws IOException {
        try (FaultProxy unset = FaultProxy.start("unset");
             Client client = new Client(unset.port())) {
            assertThrows(IOException.class, () -> {
                client.send(3, 1, new byte[10]);
                client.receiveCorrelationId();
            });
            unset.forwardTo(server.address());
            try (Client later = new Client(unset.port())) {
                later.send(3, 2, new byte[10]);
                assertEquals(2, later.receiveCorrelationId());
            }
        }
    }

    /** A blocking client speaking Kafka's framing. */
    private static final class Client implements AutoCloseable {
        /** How long an expected answer may take: generous, the machine running the tests may be loaded. */
        private static final int ANSWER_MILLIS = 15_000;
        private final Socket socket;
        private final DataOutputStream out;
        private final DataInputStream in;

        Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(ANSWER_MILLIS);
            out = new DataOutputStream(socket.getOutputStream());
            in = new DataInputStream(socket.getInputStream());
        }

        void send(int apiKey, int correlationId, byte[] body) throws IOException {
            out.writeInt(8 + body.length);
            out.writeShort(apiKey);
            out.writeShort(0);
            out.writeInt(correlationId);
            out.write(body);
            out.flush();
        }

        /** Fails unless nothing comes back within half a second (a short wait: it can only hide a fault, not invent one). */
        void assertSilent(String why) throws IOException {
            socket.setSoTimeout(500);
            try {
                assertThrows(SocketTimeoutException.class, this::receiveCorrelationId, why);
            } finally {
                socket.setSoTimeout(ANSWER_MILLIS);
            }
        }

        int receiveCorrelationId() throws IOException {
            int size = in.readInt();
            int correlationId = in.readInt();
            in.readFully(new byte[size - 4]);
            return correlationId;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Answers each request with its correlation id and api key, or only counts the bytes when told not to answer. */
    private static final class FrameServer implements AutoCloseable {
        final List<int[]> requests = new CopyOnWriteArrayList<>();
        final AtomicLong bytes = new AtomicLong();
        volatile boolean answer = true;
        private final ServerSocket socket;
        private final Thread acceptor;
        private final List<Socket> connections = new CopyOnWriteArrayList<>();

        FrameServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::acceptLoop, "frame-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        List<Integer> correlationIds() {
            return requests.stream().map(r -> r[1]).toList();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.add(connection);
                    Thread t = new Thread(() -> serve(connection), "frame-server-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                DataInputStream in = new DataInputStream(connection.getInputStream());
                DataOutputStream out = new DataOutputStream(connection.getOutputStream());
                while (true) {
                    int size = in.readInt();
                    short apiKey = in.readShort();
                    in.readShort();
                    int correlationId = in.readInt();
                    in.readFully(new byte[size - 8]);
                    bytes.addAndGet(size + 4L);
                    requests.add(new int[]{apiKey, correlationId});
                    if (answer) {
                        out.writeInt(8);
                        out.writeInt(correlationId);
                        out.writeInt(apiKey);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // The client or the proxy went away: this connection is done.
            }
        }

        /** Closes every connection the server accepted, as a broker that dies. */
        void dropConnections() throws IOException {
            for (Socket c : connections) {
                c.close();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
