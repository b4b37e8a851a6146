package io.petrel.client.internal.network;

import io.petrel.client.DisconnectedException;
import io.petrel.client.Time;
import io.petrel.client.UnsupportedVersionException;
import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** Behaviour a real broker will not show on demand, against {@link FakeKafkaServer}. */
class FakeServerNetworkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** An older broker: ApiVersions only up to v2, Metadata up to v12, no Produce. */
    private static final Map<ApiKey, Versions> OLD_BROKER = new LinkedHashMap<>();

    static {
        OLD_BROKER.put(ApiKey.API_VERSIONS, Versions.parse("0-2"));
        OLD_BROKER.put(ApiKey.METADATA, Versions.parse("0-12"));
        OLD_BROKER.put(ApiKey.FETCH, Versions.parse("20-30"));
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS)).getCause();
    }

    private static FakeKafkaServer oldBroker() throws Exception {
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(request -> switch (request.api().orElseThrow()) {
            case API_VERSIONS -> List.of(FakeKafkaServer.answerApiVersions(request, OLD_BROKER));
            case METADATA -> List.of(self[0].answerMetadata(request, 7));
            default -> null;
        });
        return self[0];
    }

    @Test
    void unsupportedApiVersionsIsRetriedAtTheBrokersHighestVersion() throws Exception {
        try (FakeKafkaServer server = oldBroker();
             NettyClientNetwork network = NettyClientNetwork.create(config(server.bootstrap()), Time.SYSTEM)) {
            Response response = network.sendToAny(ApiKey.METADATA, metadataFor(), WAIT).get(10, TimeUnit.SECONDS);

            assertEquals(List.of("ApiVersions v4", "ApiVersions v2", "Metadata v12"), server.receivedVersions());
            assertEquals(12, response.version());
            assertEquals("fake-cluster", response.body().get(MetadataResponse.CLUSTER_ID));
            NegotiatedVersions versions = network.apiVersions(-1).orElseThrow();
            assertEquals(Versions.parse("0-2"), versions.brokerRange(ApiKey.API_VERSIONS).orElseThrow());
            assertEquals((short) 2, versions.chosen(ApiKey.API_VERSIONS).orElseThrow());
        }
    }

    @Test
    void anApiTheBrokerDoesNotOfferFailsWithUnsupportedVersion() throws Exception {
        try (FakeKafkaServer server = oldBroker();
             NettyClientNetwork network = NettyClientNetwork.create(config(server.bootstrap()), Time.SYSTEM)) {
            Throwable missing = failure(network.send(-1, ApiKey.PRODUCE, v -> ApiKey.PRODUCE.requestSchema().newMessage(), WAIT));
            assertInstanceOf(UnsupportedVersionException.class, missing);
            assertTrue(missing.getMessage().contains("does not offer the Produce API"), missing.getMessage());

            Throwable disjoint = failure(network.send(-1, ApiKey.FETCH, v -> ApiKey.FETCH.requestSchema().newMessage(), WAIT));
            assertInstanceOf(UnsupportedVersionException.class, disjoint);
            assertTrue(disjoint.getMessage().contains("offers Fetch versions 20-30, none of which Petrel speaks"),
                    disjoint.getMessage());

            network.send(-1, ApiKey.METADATA, metadataFor(), WAIT).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void responsesOutOfOrderCloseTheConnection() throws Exception {
        List<RequestFrame> held = new ArrayList<>();
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(request -> {
            if (request.api().orElseThrow() == ApiKey.API_VERSIONS) {
                return List.of(FakeKafkaServer.answerApiVersions(request, OLD_BROKER));
            }
            synchronized (held) {
                held.add(request);
                if (held.size() < 2) {
                    return List.of();
                }
                return List.of(self[0].answerMetadata(held.get(1), 7), self[0].answerMetadata(held.get(0), 7));
            }
        });
        try (FakeKafkaServer server = self[0];
             NettyClientNetwork network = NettyClientNetwork.create(config(server.bootstrap()), Time.SYSTEM)) {
            CompletableFuture<Response> first = network.send(-1, ApiKey.METADATA, metadataFor(), WAIT);
            CompletableFuture<Response> second = network.send(-1, ApiKey.METADATA, metadataFor(), WAIT);
            Throwable error = failure(first);
            assertInstanceOf(DisconnectedException.class, error);
            assertTrue(error.getMessage().contains("responses must come in order"), error.getMessage());
            assertInstanceOf(DisconnectedException.class, failure(second));
        }
    }

    @Test
    void anOversizedFrameIsRefusedOnItsSizePrefix() throws Exception {
        try (FakeKafkaServer server = new FakeKafkaServer(request -> request.api().orElseThrow() == ApiKey.API_VERSIONS
                ? List.of(FakeKafkaServer.answerApiVersions(request, OLD_BROKER))
                : List.of(ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE)));
             NettyClientNetwork network = NettyClientNetwork.create(config(server.bootstrap()), Time.SYSTEM)) {
            Throwable error = failure(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT));
            assertInstanceOf(DisconnectedException.class, error);
            assertInstanceOf(ProtocolException.class, error.getCause());
            assertTrue(error.getMessage().contains("exceeds the maximum"), error.getMessage());
        }
    }

    @Test
    void connectionSetupTimesOutWhenTheHandshakeIsNeverAnswered() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        try (FakeKafkaServer server = new FakeKafkaServer(request -> List.of());
             NettyClientNetwork network = NettyClientNetwork.create(config(server.bootstrap(),
                     "socket.connection.setup.timeout.ms", 1000, "socket.connection.setup.timeout.max.ms", 5000), time)) {
            CompletableFuture<Response> request = network.send(-1, ApiKey.METADATA, metadataFor(), Duration.ofMinutes(5));
            Await.until("the ApiVersions request to arrive", () -> server.received.size() == 1);
            assertEquals(ConnectionState.HANDSHAKING, network.connectionStatus(-1).orElseThrow().state());
            clock.advance(Duration.ofMillis(1200));
            Throwable error = failure(request);
            assertInstanceOf(ConnectFailedException.class, error);
            assertTrue(error.getMessage().contains("socket.connection.setup.timeout.ms"), error.getMessage());
        }
    }

    @Test
    void oneWayRequestsCompleteOnceWritten() throws Exception {
        try (FakeKafkaServer server = new FakeKafkaServer(request -> request.api().orElseThrow() == ApiKey.API_VERSIONS
                ? List.of(FakeKafkaServer.answerApiVersions(request, OLD_BROKER)) : List.of());
             NettyClientNetwork network = NettyClientNetwork.create(config(server.bootstrap()), Time.SYSTEM)) {
            network.sendOneWay(-1, ApiKey.METADATA, metadataFor("fire-and-forget")).get(10, TimeUnit.SECONDS);
            Await.until("the request to arrive", () -> server.received.size() == 3);
            assertEquals(List.of("ApiVersions v4", "ApiVersions v2", "Metadata v12"), server.receivedVersions());
            assertEquals(0, network.inFlight(-1));
        }
    }
}
