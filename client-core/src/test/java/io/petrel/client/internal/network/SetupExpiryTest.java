package io.petrel.client.internal.network;

import io.petrel.client.Time;
import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Versions;
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
import java.util.function.Function;

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
        assertConnectsWithTheAnswerHeld(ApiKey.API_VERSIONS, self -> request -> switch (request.api().orElseThrow()) {
            case API_VERSIONS -> List.of(FakeKafkaServer.answerApiVersions(request, BROKER));
            case METADATA -> List.of(self[0].answerMetadata(request, 7));
            default -> null;
        });
    }

    @Test
    void aSaslAnswerThatArrivedWhileTheIoThreadWasHeldPastTheSetupTimeoutCompletesTheConnection() throws Exception {
        assertConnectsWithTheAnswerHeld(ApiKey.SASL_AUTHENTICATE,
                self -> new SaslFakeBroker("alice", "alice-secret", 0, new AtomicInteger(), self),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" "
                        + "password=\"alice-secret\";");
    }

    @Test
    void aBrokerThatNeverAnswersApiVersionsStillTimesOut() throws Exception {
        ManualClock clock = new ManualClock();
        try (FakeKafkaServer server = new FakeKafkaServer(request -> List.of());
             NettyClientNetwork client = NettyClientNetwork.create(withSetupTimeout(server.bootstrap()), time(clock))) {
            CompletableFuture<Response> request = client.send(-1, ApiKey.METADATA, metadataFor(), REQUEST_TIMEOUT);
            Await.until("ApiVersions to reach the broker", () -> server.received.size() == 1);
            clock.advance(SETUP_TIMEOUT);

            Throwable error = assertThrows(ExecutionException.class, () -> request.get(30, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(ConnectFailedException.class, error);
            assertTrue(error.getMessage().contains("did not finish within 1000 ms (socket.connection.setup.timeout.ms"),
                    error.getMessage());
            assertEquals(ConnectionState.DISCONNECTED, client.connectionStatus(-1).orElseThrow().state());
        }
    }

    /**
     * Connects to a server answering as {@code broker} (given the server, once made) whose answer to {@code held}
     * waits in the client's socket while its I/O thread is held past the setup timeout (a 1 s one, with
     * {@code settings} over it): the connection is made on its first attempt and a Metadata request answered.
     */
    private static void assertConnectsWithTheAnswerHeld(ApiKey held,
                                                        Function<FakeKafkaServer[], FakeKafkaServer.Responder> broker,
                                                        Object... settings) throws Exception {
        ManualClock clock = new ManualClock();
        HeldIoThread ioThread = new HeldIoThread();
        NettyClientNetwork[] network = new NettyClientNetwork[1];
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), () -> {
            FakeKafkaServer.Responder answers = broker.apply(self);
            return request -> {
                Iterable<ByteBuffer> answer = answers.respond(request);
                return request.api().orElseThrow() == held
                        ? List.of(ioThread.holdThenAnswer(network[0], self[0], answer.iterator().next())) : answer;
            };
        });
        try (FakeKafkaServer server = self[0];
             NettyClientNetwork client = NettyClientNetwork.create(withSetupTimeout(server.bootstrap(), settings),
                     time(clock))) {
            network[0] = client;
            ioThread.assertAnsweredAfterTheHold(client, server, clock, metadataFor(), REQUEST_TIMEOUT,
                    SETUP_TIMEOUT.plusSeconds(1));
        }
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
