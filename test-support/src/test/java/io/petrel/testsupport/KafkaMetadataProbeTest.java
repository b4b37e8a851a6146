package io.petrel.testsupport;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readiness probe against a socket that answers as a Kafka broker would (or would not). */
class KafkaMetadataProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What the probe sent, as the fake broker read it. */
    private record Request(short apiKey, short version, int correlationId, String clientId, int topics) {
    }

    @Test
    void sendsAMetadataV0RequestAndReadsTheBrokerCount() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Request> seen = CompletableFuture.supplyAsync(() -> answer(server, 2, true));
            assertEquals(2, KafkaMetadataProbe.brokerCount(address(server), TIMEOUT));
            Request request = seen.get(5, TimeUnit.SECONDS);
            assertEquals(3, request.apiKey(), "Metadata");
            assertEquals(0, request.version());
            assertEquals("petrel-readiness-probe", request.clientId());
            assertEquals(0, request.topics());
        }
    }

    @Test
    void aNotYetRegisteredBrokerListsNone() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture.supplyAsync(() -> answer(server, 0, true));
            assertEquals(0, KafkaMetadataProbe.brokerCount(address(server), TIMEOUT));
        }
    }

    @Test
    void anAnswerToAnotherRequestIsAnError() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture.supplyAsync(() -> answer(server, 1, false));
            IOException e = assertThrows(IOException.class,
                    () -> KafkaMetadataProbe.brokerCount(address(server), TIMEOUT));
            assertTrue(e.getMessage().startsWith("Metadata response for correlation id 1, expected "), e.getMessage());
        }
    }

    @Test
    void nothingListeningIsAnError() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket server = listen()) {
            closed = address(server);
        }
        assertThrows(IOException.class, () -> KafkaMetadataProbe.brokerCount(closed, TIMEOUT));
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static InetSocketAddress address(ServerSocket server) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Reads one request and answers a Metadata v0 response listing {@code brokers} brokers. */
    private static Request answer(ServerSocket server, int brokers, boolean sameCorrelationId) {
        try (Socket socket = server.accept()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            byte[] body = in.readNBytes(size);
            DataInputStream request = new DataInputStream(new ByteArrayInputStream(body));
            short apiKey = request.readShort();
            short version = request.readShort();
            int correlationId = request.readInt();
            byte[] clientId = new byte[request.readShort()];
            request.readFully(clientId);
            int topics = request.readInt();
            // The whole response in one socket write: the probe closes once it has read what it needs, and a
            // write of the remaining ints after that close fails with "Broken pipe" (seen under load).
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(response);
            out.writeInt(4 + 4 + brokers * 4 + 4);
            out.writeInt(sameCorrelationId ? correlationId : 1);
            out.writeInt(brokers);
            for (int i = 0; i < brokers; i++) {
                out.writeInt(i + 1); // The rest of each broker entry is never read.
            }
            out.writeInt(0);
            socket.getOutputStream().write(response.toByteArray());
            socket.getOutputStream().flush();
            return new Request(apiKey, version, correlationId, new String(clientId, StandardCharsets.UTF_8), topics);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
