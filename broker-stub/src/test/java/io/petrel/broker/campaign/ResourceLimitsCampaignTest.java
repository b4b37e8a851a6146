package io.petrel.broker.campaign;

import com.sun.management.UnixOperatingSystemMXBean;
import io.petrel.broker.internal.network.RawClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resource-limit campaign of issue #16, against broker-stub in its own JVM with 128 MiB of heap (it exits on
 * OutOfMemoryError): up to 10,000 idle connections (fewer where this JVM may not open that many files), clients that
 * send the size of a 50 MiB request and 64 KiB of it then stall, and clients that pipeline thousands of requests and
 * never read an answer. The broker stays alive with its heap bounded, a normal client is served between every
 * step, and connections.max.idle.ms closes the idle and the stalled ones.
 */
class ResourceLimitsCampaignTest {
    private static final int MIB = 1024 * 1024;
    private static final String MAX_HEAP = "128m";
    private static final long HEAP_BOUND = 112L * MIB;
    private static final Duration IDLE = Duration.ofSeconds(15);
    private static final int STALLED = 100;
    private static final int NON_READERS = 20;
    private static final int PING_EVERY = 500;

    @TempDir
    Path dir;

    @Test
    void idleStalledAndNonReadingClientsLeaveTheHeapBoundedAndOthersServed() throws IOException {
        int idleTarget = (int) Math.min(10_000, maxOpenFiles() - 2_000);
        System.out.println("File descriptor limit " + maxOpenFiles() + ": opening " + idleTarget + " idle connections");
        try (CampaignBroker broker = CampaignBroker.start(dir, MAX_HEAP, IDLE, 32L * MIB);
             RawClient normal = RawClient.connect(broker.port())) {
            normal.createTopicOrFail("normal", 1);
            List<SocketChannel> open = new ArrayList<>();
            try {
                long idleStarted = System.nanoTime();
                for (int i = 0; i < idleTarget; i++) {
                    open.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", broker.port())));
                    // Opening them all can outlast connections.max.idle.ms on a loaded machine: the normal client
                    // must not go idle meanwhile, or the broker rightly closes it.
                    if (i % PING_EVERY == 0) {
                        ping(normal);
                    }
                }
                long idleOpenedMs = (System.nanoTime() - idleStarted) / 1_000_000;
                assertNormalClientServed(normal, broker);

                List<SocketChannel> stalled = new ArrayList<>();
                for (int i = 0; i < STALLED; i++) {
                    SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", broker.port()));
                    ByteBuffer partial = ByteBuffer.allocate(4 + 64 * 1024).putInt(50 * MIB);
                    partial.flip();
                    while (partial.hasRemaining()) {
                        ch.write(partial);
                    }
                    stalled.add(ch);
                }
                open.addAll(stalled);
                assertNormalClientServed(normal, broker);

                long pipelined = 0;
                // ApiVersions: about 400 bytes of answer for 40 of request.
                ByteBuffer request = RequestFrame.encode(ApiKey.API_VERSIONS, (short) 3, 1, "non-reader",
                        RawClient.apiVersions());
                for (int i = 0; i < NON_READERS; i++) {
                    SocketChannel ch = SocketChannel.open();
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                    ch.connect(new InetSocketAddress("127.0.0.1", broker.port()));
                    ch.configureBlocking(false);
                    // Until the socket takes no more: the broker stopped reading this client.
                    for (int k = 0; k < 200_000; k++) {
                        ByteBuffer one = request.duplicate();
                        int n = ch.write(one);
                        if (one.hasRemaining()) {
                            break;
                        }
                        pipelined += n;
                    }
                    open.add(ch);
                    // Filling a non-reader's socket can take seconds on a loaded machine: keep the normal client
                    // active through this phase as through the others.
                    ping(normal);
                }
                assertNormalClientServed(normal, broker);

                // connections.max.idle.ms: the stalled connections are closed by the broker, while the normal
                // client, served all along, stays open.
                for (SocketChannel ch : stalled) {
                    ch.configureBlocking(false);
                }
                Await.until(IDLE.multipliedBy(3), "the stalled connections to be closed after "
                        + "connections.max.idle.ms", () -> {
                    ping(normal);
                    return stalled.stream().allMatch(ResourceLimitsCampaignTest::closedByPeer);
                });
                assertNormalClientServed(normal, broker);
                assertTrue(broker.isAlive(), () -> "the broker died:\n" + broker.tail());
                long maxHeap = broker.maxHeapUsed();
                assertTrue(maxHeap < HEAP_BOUND, () -> "the broker's heap reached " + maxHeap / MIB + " MiB");
                System.out.printf("Resource campaign: %d idle connections opened in %d ms, %d stalled 50 MiB frames"
                                + " (64 KiB sent each), %d non-readers (%d KiB of requests taken before the broker"
                                + " stopped reading them), broker heap at most %d MiB of -Xmx%s; stalled clients"
                                + " closed after connections.max.idle.ms=%d s%n", idleTarget, idleOpenedMs, STALLED,
                        NON_READERS, pipelined / 1024, maxHeap / MIB, MAX_HEAP, IDLE.toSeconds());
            } finally {
                for (SocketChannel ch : open) {
                    ch.close();
                }
            }
        }
    }

    private static void assertNormalClientServed(RawClient normal, CampaignBroker broker) throws IOException {
        assertTrue(broker.isAlive(), () -> "the broker died:\n" + broker.tail());
        Message versions = normal.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
        assertEquals(ErrorCode.NONE.code(), versions.get(ApiVersionsResponse.ERROR_CODE));
        long before = normal.logEndOffset("normal", 0);
        Message produced = normal.call(ApiKey.PRODUCE, 9, RawClient.produce("normal", 0, RawClient.batch("n", 3)));
        assertEquals(ErrorCode.NONE.code(), produced.get(ProduceResponse.RESPONSES).get(0)
                .get(ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES).get(0)
                .get(ProduceResponse.PartitionProduceResponse.ERROR_CODE));
        assertEquals(before + 3, normal.logEndOffset("normal", 0));
    }

    private static void ping(RawClient client) {
        try {
            assertEquals(ErrorCode.NONE.code(),
                    client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions()).get(ApiVersionsResponse.ERROR_CODE));
        } catch (IOException e) {
            throw new UncheckedIOException("The normal client lost its connection", e);
        }
    }

    private static boolean closedByPeer(SocketChannel ch) {
        try {
            return ch.read(ByteBuffer.allocate(16)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static long maxOpenFiles() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 4096;
    }
}
