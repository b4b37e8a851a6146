package io.petrel.broker.internal.network;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.ConnectionLimits;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.broker.internal.feature.FinalizedFeatures;
import io.petrel.broker.internal.feature.SupportedFeatures;
import io.petrel.broker.internal.handler.ApiVersionsHandler;
import io.petrel.broker.internal.handler.HandlerRegistry;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.broker.internal.security.ListenerSecurity;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
    private static final short METADATA_VERSION = 12;
    /** Requests the client that never reads sends at once: about 30 KiB, which the kernel's buffers hold whole. */
    private static final int PIPELINED = 500;
    /** Long enough for a loaded 2-core machine to encode the few answers the kernel's buffers take first. */
    private static final Duration STOPS_WITHIN = Duration.ofSeconds(30);

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
            // The broker frees second's place when it sees the close, which may come after the next connect (that
            // one is then closed as a third): connect again until one is served.
            Await.until(CLOSE_WITHIN, "a new connection from 127.0.0.1 served once one of the two closed",
                    () -> servedOnANewConnection(broker));
        }
    }

    private static boolean servedOnANewConnection(Broker broker) {
        try (RawClient again = RawClient.connect(broker.port())) {
            assertServed(again);
            return true;
        } catch (IOException e) {
            return false;
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

    /**
     * A client that pipelines requests with large answers and never reads them: the broker serves it until the
     * answers it holds for it pass maxUnsentResponseBytes, then serves and reads nothing more from that connection,
     * so what it holds stays under that bound plus one answer, while another client is served. (Without the
     * protection the broker would answer every request read, queueing {@value #PIPELINED} answers of about 150 KiB,
     * over 70 MiB, for a peer that takes none: the requests are small enough for the kernel's socket buffers to hold them
     * all, so only the broker's own bound stops this.)
     */
    @Test
    void aClientThatPipelinesLargeAnswersAndNeverReadsStopsBeingReadWithItsUnsentAnswersBounded(@TempDir Path dataDir)
            throws Exception {
        int maxUnsent = 64 * 1024;
        Message bigAnswer = metadataWithTopics(1_000);
        int answerBytes = MetadataResponse.SCHEMA.sizeOf(bigAnswer, METADATA_VERSION);
        AtomicInteger answered = new AtomicInteger();
        RequestHandler metadata = new RequestHandler() {
            @Override
            public ApiKey api() {
                return ApiKey.METADATA;
            }

            @Override
            public Versions versions() {
                return ApiKey.METADATA.requestSchema().validVersions();
            }

            @Override
            public CompletableFuture<Response> handle(RequestContext context, Message request) {
                answered.incrementAndGet();
                return CompletableFuture.completedFuture(Response.of(bigAnswer));
            }
        };
        AtomicReference<HandlerRegistry> registry = new AtomicReference<>();
        SupportedFeatures features = SupportedFeatures.of((short) 2);
        ApiVersionsHandler apiVersions = new ApiVersionsHandler(registry::get, features,
                FinalizedFeatures.open(dataDir, features));
        registry.set(new HandlerRegistry(List.of(apiVersions, metadata)));
        try (BrokerServer server = BrokerServer.bind(
                List.of(new BrokerServer.Binding(ListenerSecurity.plaintext("PLAINTEXT"), "127.0.0.1", 0)),
                1024 * 1024, Duration.ofMinutes(10), ConnectionLimits.defaults().withMaxUnsentResponseBytes(maxUnsent),
                System::nanoTime)) {
            server.open(registry.get(), apiVersions, new FaultRules(id -> null));
            try (SocketChannel nonReader = SocketChannel.open();
                 RawClient other = RawClient.connect(server.port())) {
                // A small receive buffer: the kernel takes a few KiB of answers for the client, the broker the rest.
                nonReader.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                nonReader.connect(new InetSocketAddress("127.0.0.1", server.port()));
                SocketAddress nonReaderAddress = nonReader.getLocalAddress();
                ByteBuffer request = RequestFrame.encode(ApiKey.METADATA, METADATA_VERSION, 1, "non-reader",
                        RawClient.metadata(null));
                ByteBuffer burst = ByteBuffer.allocate(request.remaining() * PIPELINED);
                for (int i = 0; i < PIPELINED; i++) {
                    burst.put(request.duplicate());
                }
                burst.flip();
                while (burst.hasRemaining()) {
                    nonReader.write(burst);
                }

                // The broker answers until its answers for this client pass maxUnsent, then stops reading and
                // serving it. Without that bound it would answer on, holding more and more (tens of MiB).
                Await.until(STOPS_WITHIN, () -> "the broker to stop reading the client that takes no answers; "
                        + answered.get() + " answered, connections: " + states(server),
                        () -> stateOf(server, nonReaderAddress)
                                .map(c -> c.pausedFor().contains(ReadGate.Reason.UNSENT_RESPONSES)).orElse(false));
                ConnectionState held = stateOf(server, nonReaderAddress).orElseThrow();
                int answeredForNonReader = answered.get();
                // Not writable: more than the low water mark (half the bound) waits, and no answer was begun past it.
                assertTrue(held.unsentResponseBytes() > maxUnsent / 2 && held.unsentResponseBytes() <= maxUnsent
                        + answerBytes, () -> "the broker holds " + held.unsentResponseBytes() + " bytes of answers for"
                        + " a client that reads none: expected past " + maxUnsent / 2 + " and at most one "
                        + answerBytes + "-byte answer past " + maxUnsent + "; " + answeredForNonReader + " of "
                        + PIPELINED + " requests answered");

                assertEquals(1_000, other.call(ApiKey.METADATA, METADATA_VERSION, RawClient.metadata(null))
                        .get(MetadataResponse.TOPICS).size(), "the other client gets the same large answer, whole");
                assertServed(other);
                assertEquals(answeredForNonReader + 1, answered.get(), "requests answered: the other client's one"
                        + " more, none more for the client that reads nothing");
                ConnectionState later = stateOf(server, nonReaderAddress).orElseThrow();
                assertTrue(later.pausedFor().contains(ReadGate.Reason.UNSENT_RESPONSES)
                        && later.unsentResponseBytes() <= held.unsentResponseBytes(), () -> "the client that reads "
                        + "nothing is still not read, and the broker holds no more for it: " + later + " after " + held);
            }
        }
    }

    private static Optional<ConnectionState> stateOf(BrokerServer server, SocketAddress client) {
        return states(server).stream().filter(c -> c.remote().equals(client)).findFirst();
    }

    private static List<ConnectionState> states(BrokerServer server) {
        try {
            return server.connectionStates();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("could not read the broker's connections", e);
        }
    }

    /** A Metadata answer of {@code topics} topics with 100-character names, one partition each: about 150 KiB. */
    private static Message metadataWithTopics(int topics) {
        List<Message> list = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            Message partition = Message.of(MetadataResponse.MetadataResponsePartition.SCHEMA)
                    .set(MetadataResponse.MetadataResponsePartition.ERROR_CODE, (short) 0)
                    .set(MetadataResponse.MetadataResponsePartition.PARTITION_INDEX, 0)
                    .set(MetadataResponse.MetadataResponsePartition.LEADER_ID, 1)
                    .set(MetadataResponse.MetadataResponsePartition.LEADER_EPOCH, 0)
                    .set(MetadataResponse.MetadataResponsePartition.REPLICA_NODES, List.of(1))
                    .set(MetadataResponse.MetadataResponsePartition.ISR_NODES, List.of(1))
                    .set(MetadataResponse.MetadataResponsePartition.OFFLINE_REPLICAS, List.of());
            list.add(Message.of(MetadataResponse.MetadataResponseTopic.SCHEMA)
                    .set(MetadataResponse.MetadataResponseTopic.ERROR_CODE, (short) 0)
                    .set(MetadataResponse.MetadataResponseTopic.NAME, String.format("topic-%094d", t))
                    .set(MetadataResponse.MetadataResponseTopic.TOPIC_ID, new UUID(t + 1, t + 1))
                    .set(MetadataResponse.MetadataResponseTopic.IS_INTERNAL, false)
                    .set(MetadataResponse.MetadataResponseTopic.PARTITIONS, List.of(partition))
                    .set(MetadataResponse.MetadataResponseTopic.TOPIC_AUTHORIZED_OPERATIONS, 0));
        }
        Message broker = Message.of(MetadataResponse.MetadataResponseBroker.SCHEMA)
                .set(MetadataResponse.MetadataResponseBroker.NODE_ID, 1)
                .set(MetadataResponse.MetadataResponseBroker.HOST, "127.0.0.1")
                .set(MetadataResponse.MetadataResponseBroker.PORT, 9092)
                .set(MetadataResponse.MetadataResponseBroker.RACK, null);
        return MetadataResponse.SCHEMA.newMessage()
                .set(MetadataResponse.THROTTLE_TIME_MS, 0)
                .set(MetadataResponse.BROKERS, List.of(broker))
                .set(MetadataResponse.CLUSTER_ID, "connection-limits")
                .set(MetadataResponse.CONTROLLER_ID, 1)
                .set(MetadataResponse.TOPICS, list);
    }
}
