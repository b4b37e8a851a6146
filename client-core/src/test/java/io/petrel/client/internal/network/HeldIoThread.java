package io.petrel.client.internal.network;

import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ManualClock;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client's I/O thread held by a task of the test's, as a callback that blocks or a GC pause holds it, while a
 * {@link FakeKafkaServer} writes an answer to its socket: nothing is read until the test releases the thread. The
 * release then runs the network's timers on that thread, as its ticker does when it came due meanwhile, before the
 * loop goes back to reading; so a deadline the test's clock passed meanwhile is checked with the answer unread.
 */
final class HeldIoThread {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger answerFlushedAt = new AtomicInteger(Integer.MAX_VALUE);

    /**
     * For a responder: holds {@code network}'s I/O thread (returning once it is held), then gives back the answer
     * to write, which the client cannot read until {@link #release}.
     */
    ByteBuffer holdThenAnswer(NettyClientNetwork network, FakeKafkaServer server, ByteBuffer answer) {
        network.ioThread().execute(() -> {
            held.countDown();
            await(release, "the test to release the I/O thread");
            network.tick();
        });
        await(held, "the I/O thread to run the holding task");
        answerFlushedAt.set(server.flushes() + 1);
        return answer;
    }

    /**
     * Sends Metadata to the bootstrap server, whose responder holds the I/O thread (with {@link #holdThenAnswer})
     * before one of the answers the request needs; once that answer is in the client's socket, moves the clock on by
     * {@code pastDeadlines} and releases the thread. Asserts the request is answered (by the server's Metadata) and
     * the connection is ready, on its first attempt.
     */
    void assertAnsweredAfterTheHold(NettyClientNetwork client, FakeKafkaServer server, ManualClock clock,
                                    RequestBody metadata, Duration requestTimeout, Duration pastDeadlines)
            throws Exception {
        CompletableFuture<Response> request = client.send(-1, ApiKey.METADATA, metadata, requestTimeout);
        Await.until("the answer to be written to the client's socket while its I/O thread is held",
                () -> server.flushes() >= answerFlushedAt.get());
        clock.advance(pastDeadlines);
        release.countDown();

        Response response = request.get(30, TimeUnit.SECONDS);
        assertEquals(server.port(), response.body().get(MetadataResponse.BROKERS).get(0)
                .get(MetadataResponse.MetadataResponseBroker.PORT));
        ConnectionStatus status = client.connectionStatus(-1).orElseThrow();
        assertEquals(ConnectionState.READY, status.state());
        assertEquals(1, status.connectAttempts(), "the connection was not dropped for a timeout");
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Gave up waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for " + what, e);
        }
    }
}
