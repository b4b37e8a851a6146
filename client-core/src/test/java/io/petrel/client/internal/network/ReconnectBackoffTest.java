package io.petrel.client.internal.network;

import io.petrel.client.Time;
import io.petrel.protocol.ApiKey;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.FreePorts;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.petrel.client.internal.network.NetworkTestConfigs.config;
import static io.petrel.client.internal.network.NetworkTestConfigs.metadataFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconnect backoff against an address nothing listens on, with time moved by hand. */
class ReconnectBackoffTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @Test
    void backoffDoublesWithJitterUpToTheMaximum() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        try (NettyClientNetwork network = NettyClientNetwork.create(config("127.0.0.1:" + FreePorts.one(),
                "reconnect.backoff.ms", 50, "reconnect.backoff.max.ms", 1000), time)) {
            Throwable first = failure(network.sendToAny(ApiKey.METADATA, metadataFor(), LONG));
            assertInstanceOf(ConnectFailedException.class, first);
            assertTrue(first.getMessage().contains("Could not connect to bootstrap server 127.0.0.1:"), first.getMessage());

            long[][] expectedRanges = {{50, 60}, {80, 120}, {160, 240}, {320, 480}, {640, 960}, {800, 1000}, {800, 1000}};
            for (int attempt = 1; attempt <= expectedRanges.length; attempt++) {
                ConnectionStatus status = network.connectionStatus(-1).orElseThrow();
                assertEquals(attempt, status.connectAttempts());
                assertEquals(attempt, status.failedAttempts());
                long backoff = status.reconnectBackoffMs();
                long[] range = expectedRanges[attempt - 1];
                assertTrue(backoff >= range[0] && backoff <= range[1],
                        "attempt " + attempt + ": backoff " + backoff + " not in " + range[0] + ".." + range[1]);
                if (attempt == expectedRanges.length) {
                    break;
                }
                CompletableFuture<?> waiting = network.send(-1, ApiKey.METADATA, metadataFor(), LONG);
                clock.advance(Duration.ofMillis(backoff - 1));
                assertFalse(waiting.isDone(), "no attempt before the backoff has passed");
                assertEquals(attempt, network.connectionStatus(-1).orElseThrow().connectAttempts());
                clock.advance(Duration.ofMillis(1));
                assertInstanceOf(ConnectFailedException.class, failure(waiting));
                int next = attempt + 1;
                Await.until("attempt " + next, () -> network.connectionStatus(-1).orElseThrow().failedAttempts() == next);
            }
        }
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void aRequestWaitingOutTheBackoffTimesOutUnsent() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        try (NettyClientNetwork network = NettyClientNetwork.create(config("127.0.0.1:" + FreePorts.one()), time)) {
            failure(network.send(-1, ApiKey.METADATA, metadataFor(), LONG));
            CompletableFuture<?> waiting = network.send(-1, ApiKey.METADATA, metadataFor(), Duration.ofMillis(20));
            clock.advance(Duration.ofMillis(20));
            Throwable error = failure(waiting);
            assertInstanceOf(io.petrel.client.TimeoutException.class, error);
            assertTrue(error.getMessage().contains("20 ms (request.timeout.ms) before it could be sent"), error.getMessage());
            assertEquals(1, network.connectionStatus(-1).orElseThrow().connectAttempts());
        }
    }
}
