package io.petrel.client.internal.network;

import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.petrel.client.internal.network.NetworkTestConfigs.config;
import static io.petrel.client.internal.network.NetworkTestConfigs.metadataFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KIP-219 on the client: after a response with a throttle time, nothing goes to that broker until it has passed. */
class ThrottledConnectionTest {
    private static final int THROTTLE_MS = 5000;

    @Test
    void requestsAreHeldBackUntilTheThrottleTimePasses() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(request -> switch (request.api().orElseThrow()) {
            case API_VERSIONS -> List.of(FakeKafkaServer.answerApiVersions(request,
                    Map.of(ApiKey.API_VERSIONS, Versions.parse("0-4"), ApiKey.METADATA, Versions.parse("0-12"))));
            case METADATA -> List.of(throttledMetadata(request, self[0].port()));
            default -> null;
        });
        try (FakeKafkaServer server = self[0];
             NettyClientNetwork network = NettyClientNetwork.create(config(server.bootstrap()), time)) {
            Response first = network.send(-1, ApiKey.METADATA, metadataFor(), Duration.ofMinutes(5)).get(10, TimeUnit.SECONDS);
            assertEquals(THROTTLE_MS, first.body().get(MetadataResponse.THROTTLE_TIME_MS));

            CompletableFuture<Response> heldTooLong = network.send(-1, ApiKey.METADATA, metadataFor(), Duration.ofSeconds(2));
            CompletableFuture<Response> afterThrottle = network.send(-1, ApiKey.METADATA, metadataFor(), Duration.ofMinutes(5));
            clock.advance(Duration.ofMillis(2500));
            Throwable expired = assertThrows(ExecutionException.class, () -> heldTooLong.get(10, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(TimeoutException.class, expired);
            assertTrue(expired.getMessage().contains("before it could be sent"), expired.getMessage());

            clock.advance(Duration.ofMillis(THROTTLE_MS - 2500));
            afterThrottle.get(10, TimeUnit.SECONDS);
            long metadataRequests = server.received.stream().filter(r -> r.api().orElseThrow() == ApiKey.METADATA).count();
            assertEquals(2, metadataRequests, "the request sent while throttled never reached the broker");
        }
    }

    private static ByteBuffer throttledMetadata(RequestFrame request, int port) {
        Message broker = Message.of(MetadataResponse.MetadataResponseBroker.SCHEMA)
                .set(MetadataResponse.MetadataResponseBroker.NODE_ID, 7)
                .set(MetadataResponse.MetadataResponseBroker.HOST, "127.0.0.1")
                .set(MetadataResponse.MetadataResponseBroker.PORT, port);
        Message body = MetadataResponse.SCHEMA.newMessage()
                .set(MetadataResponse.THROTTLE_TIME_MS, THROTTLE_MS)
                .set(MetadataResponse.BROKERS, List.of(broker))
                .set(MetadataResponse.CLUSTER_ID, "fake-cluster");
        return ResponseFrame.encode(ApiKey.METADATA, request.apiVersion(), request.correlationId(), body);
    }
}
