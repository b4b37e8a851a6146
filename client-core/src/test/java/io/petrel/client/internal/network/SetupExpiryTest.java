package io.petrel.client.internal.network;

import io.petrel.client.Time;
import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.petrel.client.internal.network.NetworkTestConfigs.config;
import static io.petrel.client.internal.network.NetworkTestConfigs.metadataFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * socket.connection.setup.timeout.ms when the I/O thread is held up (a callback that blocks, a GC pause) past it:
 * a handshake answer (ApiVersions, SASL) that reached the socket meanwhile is read before the connection may be
 * dropped, and a broker that never answers still times out. Time is a {@link ManualClock}; the I/O thread is held
 * by a task of the test's ({@link HeldIoThread}), as in {@link InFlightExpiryTest}.
 */
class SetupExpiryTest {
    private static final Map<ApiKey, Versions> BROKER = Map.of(
            ApiKey.API_VERSIONS, Versions.parse("0-4"), ApiKey.METADATA, Versions.parse("0-12"));
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void anApiVersionsAnswerThatArrivedWhileTheIoThreadWasHeldPastTheSetupTimeoutCompletesTheConnection()
            throws Exception {
        ManualClock clock = new ManualClock();
        HeldIoThread ioThread = new HeldIoThread();
        AtomicInteger answerFlushedAt = new AtomicInteger(Integer.MAX_VALUE);
        NettyClientNetwork[] network = new NettyClientNetwork[1];
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(request -> switch (request.api().orElseThrow()) {
            case API_VERSIONS -> List.of(heldThenAnswered(ioThread, network[0], self[0], answerFlushedAt,
                    FakeKafkaServer.answerApiVersions(request, BROKER)));
            case METADATA -> List.of(self[0].answerMetadata(request, 7));
            default -> null;
        });
        try (FakeKafkaServer server = self[0];
             NettyClientNetwork client = NettyClientNetwork.create(withSetupTimeout(server.bootstrap()), time(clock))) {
            network[0] = client;
            assertReadyAfterTheHold(client, server, clock, ioThread, answerFlushedAt);
        }
    }

    @Test
    void aSaslAnswerThatArrivedWhileTheIoThreadWasHeldPastTheSetupTimeoutCompletesTheConnection() throws Exception {
        ManualClock clock = new ManualClock();
        HeldIoThread ioThread = new HeldIoThread();
        AtomicInteger answerFlushedAt = new AtomicInteger(Integer.MAX_VALUE);
        NettyClientNetwork[] network = new NettyClientNetwork[1];
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), () -> {
            SaslFakeBroker broker = new SaslFakeBroker("alice", "alice-secret", 0, new AtomicInteger(), self);
            return request -> {
                List<ByteBuffer> answer = broker.respond(request);
                return request.api().orElseThrow() == ApiKey.SASL_AUTHENTICATE
                        ? List.of(heldThenAnswered(ioThread, network[0], self[0], answerFlushedAt, answer.get(0)))
                        : answer;
            };
        });
        ClientNetworkConfig config = withSetupTimeout(self[0].bootstrap(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"alice\" password=\"alice-secret\";");
        try (FakeKafkaServer server = self[0];
             NettyClientNetwork client = NettyClientNetwork.create(config, time(clock))) {
            network[0] = client;
            assertReadyAfterTheHold(client, server, clock, ioThread, answerFlushedAt);
        }
    }

    @Test
    void aBrokerThatNeverAnswersApiVersionsStillTimesOut() throws Exception {
        ManualClock clock = new ManualClock();
        try (FakeKafkaServer server = new FakeKafkaServer(request -> List.of());
             NettyClientNetwork client = NettyClientNetwork.create(withSetupTimeout(server.bootstrap()), time(clock))) {
            CompletableFuture<Response> request = client.send(-1, ApiKey.METADATA, metadataFor(), REQUEST_TIMEOUT);
            Await.until("ApiVersions to reach the broker", () -> server.received.size() == 1);
            clock.advance(SETUP_TIMEOUT);

            Throwable error = assertThrows(ExecutionException.class, () -> request.get(10, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(ConnectFailedException.class, error);
            assertTrue(error.getMessage().contains("did not finish within 1000 ms (socket.connection.setup.timeout.ms"),
                    error.getMessage());
            assertEquals(ConnectionState.DISCONNECTED, client.connectionStatus(-1).orElseThrow().state());
        }
    }

    /**
     * Sends Metadata, waits until the held answer is in the client's socket, moves the clock past the setup timeout
     * and releases the I/O thread: the connection becomes ready on its first attempt and the request is answered.
     */
    private static void assertReadyAfterTheHold(NettyClientNetwork client, FakeKafkaServer server, ManualClock clock,
                                                HeldIoThread ioThread, AtomicInteger answerFlushedAt) throws Exception {
        CompletableFuture<Response> request = client.send(-1, ApiKey.METADATA, metadataFor(), REQUEST_TIMEOUT);
        Await.until("the answer to be written to the client's socket while its I/O thread is held",
                () -> server.flushes() >= answerFlushedAt.get());
        clock.advance(SETUP_TIMEOUT.plusSeconds(1));
        ioThread.release();

        Response response = request.get(10, TimeUnit.SECONDS);
        assertEquals(server.port(), response.body().get(MetadataResponse.BROKERS).get(0)
                .get(MetadataResponse.MetadataResponseBroker.PORT));
        ConnectionStatus status = client.connectionStatus(-1).orElseThrow();
        assertEquals(ConnectionState.READY, status.state());
        assertEquals(1, status.connectAttempts(), "the connection was not dropped for its setup timeout");
    }

    /** Holds the client's I/O thread before {@code answer} is written, so it cannot read the answer until released. */
    private static ByteBuffer heldThenAnswered(HeldIoThread ioThread, NettyClientNetwork network, FakeKafkaServer server,
                                               AtomicInteger answerFlushedAt, ByteBuffer answer) {
        ioThread.hold(network);
        answerFlushedAt.set(server.flushes() + 1);
        return answer;
    }

    private static ClientNetworkConfig withSetupTimeout(String bootstrap, Object... more) {
        Object[] pairs = new Object[more.length + 4];
        pairs[0] = "socket.connection.setup.timeout.ms";
        pairs[1] = SETUP_TIMEOUT.toMillis();
        pairs[2] = "socket.connection.setup.timeout.max.ms";
        pairs[3] = SETUP_TIMEOUT.toMillis();
        System.arraycopy(more, 0, pairs, 4, more.length);
        return config(bootstrap, pairs);
    }

    private static Time time(ManualClock clock) {
        return Time.of(clock, clock::nanoTime, clock::sleep);
    }
}
