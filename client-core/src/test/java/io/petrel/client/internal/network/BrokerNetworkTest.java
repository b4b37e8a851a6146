package io.petrel.client.internal.network;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.DisconnectedException;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.FreePorts;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.petrel.client.internal.network.NetworkTestConfigs.config;
import static io.petrel.client.internal.network.NetworkTestConfigs.metadataFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The network against Petrel's in-process broker: negotiation, timeouts, drops, ordering, bootstrap. */
class BrokerNetworkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.numPartitions(3));

    private static Broker broker() {
        return kafka.broker();
    }

    private static Response get(CompletableFuture<Response> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        return e.getCause();
    }

    @Test
    void negotiatesTheHighestVersionBothSidesSpeak() throws Exception {
        try (NettyClientNetwork network = NettyClientNetwork.create(config(broker().bootstrapServers()), Time.SYSTEM)) {
            Response response = get(network.sendToAny(ApiKey.METADATA, metadataFor(), WAIT));
            NegotiatedVersions versions = network.apiVersions(response.nodeId()).orElseThrow();

            int checked = 0;
            for (ApiKey api : ApiKey.values()) {
                Versions brokers = versions.brokerRange(api).orElse(null);
                if (brokers == null) {
                    continue;
                }
                short expected = (short) Math.min(api.versions().highest(), brokers.highest());
                assertEquals(expected, versions.chosen(api).orElseThrow(), api.apiName());
                checked++;
            }
            assertTrue(checked >= 10, "the broker should offer most APIs, offered " + checked);
            assertEquals(versions.chosen(ApiKey.METADATA).orElseThrow(), response.version());
            assertEquals(Versions.parse("0-4"), versions.brokerRange(ApiKey.API_VERSIONS).orElseThrow());
        }
    }

    @Test
    void requestTimeoutFailsTheRequestNamingTheSettingAndClosesTheConnection() throws Exception {
        try (NettyClientNetwork network = NettyClientNetwork.create(
                config(broker().bootstrapServers(), "request.timeout.ms", 300), Time.SYSTEM)) {
            get(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT));
            broker().faults().delayResponses(ApiKey.METADATA, Duration.ofSeconds(3), 1);

            Throwable error = failureOf(network.send(-1, ApiKey.METADATA, metadataFor(), Duration.ofMillis(300)));
            assertInstanceOf(TimeoutException.class, error);
            assertTrue(error.getMessage().contains("300 ms (request.timeout.ms)"), error.getMessage());
            assertTrue(error.getMessage().contains("Metadata"), error.getMessage());
            Await.until("the connection to close", () -> network.connectionStatus(-1).orElseThrow().state()
                    != ConnectionState.READY);

            get(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT));
            assertEquals(2, network.connectionStatus(-1).orElseThrow().connectAttempts());
        }
    }

    @Test
    void droppedConnectionFailsInFlightRequestsThenTheNextRequestReconnects() throws Exception {
        try (NettyClientNetwork network = NettyClientNetwork.create(config(broker().bootstrapServers()), Time.SYSTEM)) {
            get(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT));
            broker().faults().dropConnection(ApiKey.METADATA, 1);

            Throwable error = failureOf(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT));
            assertInstanceOf(DisconnectedException.class, error);
            assertTrue(error.getMessage().contains("bootstrap server " + broker().bootstrapServers()), error.getMessage());
            assertTrue(((DisconnectedException) error).isRetriable());

            Response again = get(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT));
            assertEquals(-1, again.nodeId());
            assertEquals(2, network.connectionStatus(-1).orElseThrow().connectAttempts());
            assertEquals(0, network.inFlight(-1));
        }
    }

    @Test
    void manyRequestsInFlightAreAnsweredInOrder() throws Exception {
        try (NettyClientNetwork network = NettyClientNetwork.create(config(broker().bootstrapServers()), Time.SYSTEM)) {
            int count = 300;
            List<CompletableFuture<Response>> futures = new ArrayList<>();
            // Whichever thread runs a callback (the I/O thread, or this one when the future was done before the
            // callback was added), the one before it must already be complete: responses finish in request order.
            List<Integer> completedBeforeThePrevious = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < count; i++) {
                int index = i;
                CompletableFuture<Response> previous = i == 0 ? null : futures.get(i - 1);
                CompletableFuture<Response> f = network.send(-1, ApiKey.METADATA, metadataFor("absent-" + i), WAIT);
                f.thenRun(() -> {
                    if (previous != null && !previous.isDone()) {
                        completedBeforeThePrevious.add(index);
                    }
                });
                futures.add(f);
            }
            assertTrue(network.inFlight(-1) > 1, "requests should be outstanding together");
            for (int i = 0; i < count; i++) {
                Message body = get(futures.get(i)).body();
                Message topic = body.get(MetadataResponse.TOPICS).get(0);
                assertEquals("absent-" + i, topic.get(MetadataResponse.MetadataResponseTopic.NAME));
                assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(),
                        topic.get(MetadataResponse.MetadataResponseTopic.ERROR_CODE));
            }
            assertEquals(List.of(), completedBeforeThePrevious, "requests whose response completed before the previous one's");
            assertEquals(0, network.inFlight(-1));
        }
    }

    @Test
    void bootstrapMovesPastADeadFirstAddress() throws Exception {
        String servers = "127.0.0.1:" + FreePorts.one() + "," + broker().bootstrapServers();
        try (NettyClientNetwork network = NettyClientNetwork.create(config(servers), Time.SYSTEM)) {
            Response response = get(network.sendToAny(ApiKey.METADATA, metadataFor(), WAIT));
            assertEquals(-2, response.nodeId());
            ConnectionStatus dead = network.connectionStatus(-1).orElseThrow();
            assertEquals(1, dead.failedAttempts());
            assertEquals(ConnectionState.DISCONNECTED, dead.state());
        }
    }

    @Test
    void idleConnectionsAreClosedAfterConnectionsMaxIdleMs() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        try (NettyClientNetwork network = NettyClientNetwork.create(
                config(broker().bootstrapServers(), "connections.max.idle.ms", 1000), time)) {
            get(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT));
            clock.advance(Duration.ofMillis(999));
            assertEquals(ConnectionState.READY, network.connectionStatus(-1).orElseThrow().state());
            clock.advance(Duration.ofMillis(2));
            Await.until("the idle connection to close",
                    () -> network.connectionStatus(-1).orElseThrow().state() == ConnectionState.DISCONNECTED);
            assertEquals(0, network.connectionStatus(-1).orElseThrow().failedAttempts(), "idling is not a failure");
            get(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT));
            assertEquals(2, network.connectionStatus(-1).orElseThrow().connectAttempts());
        }
    }

    @Test
    void closingFailsOutstandingRequests() throws Exception {
        NettyClientNetwork network = NettyClientNetwork.create(config(broker().bootstrapServers()), Time.SYSTEM);
        get(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT));
        broker().faults().delayResponses(ApiKey.METADATA, Duration.ofSeconds(5), 1);
        CompletableFuture<Response> pending = network.send(-1, ApiKey.METADATA, metadataFor(), WAIT);
        network.close();
        Throwable error = failureOf(pending);
        assertInstanceOf(DisconnectedException.class, error);
        assertTrue(error.getMessage().startsWith("The client closed"), error.getMessage());
        assertInstanceOf(DisconnectedException.class, failureOf(network.send(-1, ApiKey.METADATA, metadataFor(), WAIT)));
    }

    @Test
    void unknownNodeFailsClearly() {
        try (ClientNetwork network = ClientNetwork.create(config(broker().bootstrapServers()), Time.SYSTEM)) {
            Throwable error = failureOf(network.send(42, ApiKey.METADATA, metadataFor(), WAIT));
            assertInstanceOf(DisconnectedException.class, error);
            assertTrue(error.getMessage().contains("Node 42"), error.getMessage());
        }
    }
}
