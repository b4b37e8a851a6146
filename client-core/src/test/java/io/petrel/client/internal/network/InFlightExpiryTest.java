package io.petrel.client.internal.network;

import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.petrel.client.internal.network.NetworkTestConfigs.config;
import static io.petrel.client.internal.network.NetworkTestConfigs.metadataFor;
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

            Throwable error = assertThrows(ExecutionException.class, () -> request.get(10, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(TimeoutException.class, error);
            assertTrue(error.getMessage().contains("30000 ms (request.timeout.ms)"), error.getMessage());
            Await.until("the connection to close", () -> client.connectionStatus(-1).orElseThrow().state()
                    != ConnectionState.READY);
        }
    }

    private static boolean asksFor(RequestFrame request, String topic) {
        Message body = request.decodeBody();
        return body.get(MetadataRequest.TOPICS).stream()
                .anyMatch(t -> topic.equals(t.get(MetadataRequest.MetadataRequestTopic.NAME)));
    }
}
