package io.petrel.client.internal.network;

import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import static io.petrel.client.internal.network.NetworkTestConfigs.config;
import static io.petrel.client.internal.network.NetworkTestConfigs.metadataFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * request.timeout.ms for requests in flight when the I/O thread is held up (a callback that blocks, a GC pause):
 * an answer that reached the socket meanwhile is read before the request may expire, and one that never comes
 * still expires. Time is a {@link ManualClock}; the I/O thread is held by a task of the test's.
 */
class InFlightExpiryTest {
    private static final Map<ApiKey, Versions> BROKER = Map.of(
            ApiKey.API_VERSIONS, Versions.parse("0-4"), ApiKey.METADATA, Versions.parse("0-12"));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Pads a Metadata answer to about 64 KB, written in {@link #CHUNKS} chunks of 16 KB. */
    private static final String PADDED_CLUSTER_ID = "c".repeat(64 * 1024);
    private static final int CHUNKS = 4;

    private final ManualClock clock = new ManualClock();

    @Test
    void anAnswerThatArrivedWhileTheIoThreadWasHeldPastTheTimeoutCompletesTheRequest() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        HeldIoThread ioThread = new HeldIoThread();
        NettyClientNetwork[] network = new NettyClientNetwork[1];
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(request -> switch (request.api().orElseThrow()) {
            case API_VERSIONS -> List.of(FakeKafkaServer.answerApiVersions(request, BROKER));
            case METADATA -> List.of(asksFor(request, "held")
                    ? ioThread.holdThenAnswer(network[0], self[0], self[0].answerMetadata(request, 7))
                    : self[0].answerMetadata(request, 7));
            default -> null;
        });
        try (FakeKafkaServer server = self[0];
             NettyClientNetwork client = NettyClientNetwork.create(config(server.bootstrap()), time)) {
            network[0] = client;
            ioThread.assertAnsweredAfterTheHold(client, server, clock, metadataFor("held"), TIMEOUT,
                    TIMEOUT.plusSeconds(1));
        }
    }

    @Test
    void aRequestNeverAnsweredStillTimesOutAndClosesTheConnection() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        try (FakeKafkaServer server = new FakeKafkaServer(request -> request.api().orElseThrow() == ApiKey.API_VERSIONS
                ? List.of(FakeKafkaServer.answerApiVersions(request, BROKER)) : List.of());
             NettyClientNetwork client = NettyClientNetwork.create(config(server.bootstrap()), time)) {
            CompletableFuture<Response> request = client.send(-1, ApiKey.METADATA, metadataFor("never"), TIMEOUT);
            Await.until("the request to reach the broker", () -> server.received.size() == 2);
            clock.advance(TIMEOUT);

            Throwable error = assertThrows(ExecutionException.class, () -> request.get(30, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(TimeoutException.class, error);
            assertTrue(error.getMessage().contains("30000 ms (request.timeout.ms)"), error.getMessage());
            Await.until("the connection to close", () -> client.connectionStatus(-1).orElseThrow().state()
                    != ConnectionState.READY);
        }
    }

    @Test
    void anAnswerStillArrivingWhenTheDeadlinePassesCompletesTheRequest() throws Exception {
        Response response = trickle(CHUNKS, passTheDeadline()).get(30, TimeUnit.SECONDS);

        assertEquals(PADDED_CLUSTER_ID, response.body().get(MetadataResponse.CLUSTER_ID));
    }

    @Test
    void aBrokerThatStopsMidAnswerStillTimesOut() throws Exception {
        assertTimedOut(trickle(CHUNKS / 2, passTheDeadline()));
    }

    @Test
    void anAnswerStillArrivingARequestTimeoutAfterItWasFoundExpiredTimesOut() throws Exception {
        assertTimedOut(trickle(CHUNKS, passTheDeadline().andThen(index -> {
            if (index == 1) {
                clock.advance(TIMEOUT.plusSeconds(1));
            }
        })));
    }

    /** For the first chunk: moves the clock past the request's deadline. */
    private IntConsumer passTheDeadline() {
        return index -> {
            if (index == 0) {
                clock.advance(TIMEOUT.plusSeconds(1));
            }
        };
    }

    /**
     * Sends Metadata to a broker that answers it with a 64 KB frame in {@link #CHUNKS} chunks, writing {@code
     * chunkCount} of them with {@link TrickledAnswer} ({@code whileHeld} runs as each is in the client's socket), and
     * returns the request's outcome, once finished, with the connection's state.
     */
    private CompletableFuture<Response> trickle(int chunkCount, IntConsumer whileHeld) throws Exception {
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        NettyClientNetwork[] network = new NettyClientNetwork[1];
        CompletableFuture<CompletableFuture<Response>> sent = new CompletableFuture<>();
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(request -> switch (request.api().orElseThrow()) {
            case API_VERSIONS -> List.of(FakeKafkaServer.answerApiVersions(request, BROKER));
            case METADATA -> asksFor(request, "trickled")
                    ? new TrickledAnswer(network[0], self[0].answerMetadata(request, 7, PADDED_CLUSTER_ID), CHUNKS,
                            chunkCount, whileHeld, sent.join()).start()
                    : List.of(self[0].answerMetadata(request, 7));
            default -> null;
        });
        try (FakeKafkaServer server = self[0];
             NettyClientNetwork client = NettyClientNetwork.create(config(server.bootstrap()), time)) {
            network[0] = client;
            CompletableFuture<Response> request = client.send(-1, ApiKey.METADATA, metadataFor("trickled"), TIMEOUT);
            sent.complete(request);
            try {
                request.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                Await.until("the connection to close after the timeout",
                        () -> client.connectionStatus(-1).orElseThrow().state() != ConnectionState.READY);
                return request;
            }
            ConnectionStatus status = client.connectionStatus(-1).orElseThrow();
            assertEquals(ConnectionState.READY, status.state());
            assertEquals(1, status.connectAttempts(), "the connection was not dropped for a timeout");
            return request;
        }
    }

    private static void assertTimedOut(CompletableFuture<Response> request) {
        Throwable error = assertThrows(ExecutionException.class, () -> request.get(30, TimeUnit.SECONDS)).getCause();
        assertInstanceOf(TimeoutException.class, error);
        assertTrue(error.getMessage().contains("30000 ms (request.timeout.ms)"), error.getMessage());
    }

    private static boolean asksFor(RequestFrame request, String topic) {
        Message body = request.decodeBody();
        return body.get(MetadataRequest.TOPICS).stream()
                .anyMatch(t -> topic.equals(t.get(MetadataRequest.MetadataRequestTopic.NAME)));
    }
}
