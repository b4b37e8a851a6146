package io.petrel.client.internal.network;

import io.petrel.client.DisconnectedException;
import io.petrel.client.Time;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Versions;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.petrel.client.internal.network.NetworkTestConfigs.config;
import static io.petrel.client.internal.network.NetworkTestConfigs.metadataFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a user's log shows while a broker keeps refusing connections (a broker that left the cluster, with requests
 * still queued to it, retries about once a second): one WARN, then DEBUG for the same failure until a connection
 * succeeds. The test reads the WARN lines slf4j-simple writes to System.err (at its default level, INFO, so the
 * DEBUG lines are not written).
 */
class ConnectFailureLogTest {
    private static final Map<ApiKey, Versions> BROKER = Map.of(
            ApiKey.API_VERSIONS, Versions.parse("0-4"), ApiKey.METADATA, Versions.parse("0-12"));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final AtomicBoolean hangUp = new AtomicBoolean(true);

    @Test
    void aRepeatedConnectFailureIsLoggedAtWarnOnceUntilAConnectionSucceeds() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(new TeeOutputStream(stderr, captured), true, StandardCharsets.UTF_8));
        FakeKafkaServer[] self = new FakeKafkaServer[1];
        self[0] = new FakeKafkaServer(request -> hangUp.get() ? null
                : List.of(request.api().orElseThrow() == ApiKey.API_VERSIONS
                        ? FakeKafkaServer.answerApiVersions(request, BROKER) : self[0].answerMetadata(request, 7)));
        try (FakeKafkaServer server = self[0];
             NettyClientNetwork client = NettyClientNetwork.create(config(server.bootstrap(),
                     "reconnect.backoff.ms", 50, "reconnect.backoff.max.ms", 1000), Time.of(clock, clock::nanoTime,
                     clock::sleep))) {
            String node = "bootstrap server 127.0.0.1:" + server.port();
            for (int attempt = 0; attempt < 4; attempt++) {
                assertConnectFails(client);
            }
            assertEquals(1, warnings(captured, node), "four failures for one reason: one WARN\n" + captured);

            hangUp.set(false);
            passTheBackoff();
            client.send(-1, ApiKey.METADATA, metadataFor(), TIMEOUT).get(30, TimeUnit.SECONDS);
            hangUp.set(true);
            assertInstanceOf(DisconnectedException.class, failure(client));
            assertConnectFails(client);
            assertConnectFails(client);
            assertEquals(2, warnings(captured, node), "a failure after a connection succeeded is a WARN again\n"
                    + captured);
        } finally {
            System.setErr(stderr);
        }
    }

    private void assertConnectFails(NettyClientNetwork client) {
        passTheBackoff();
        assertInstanceOf(ConnectFailedException.class, failure(client));
    }

    /** Past reconnect.backoff.max.ms, so the next request connects at once. */
    private void passTheBackoff() {
        clock.advance(Duration.ofSeconds(1));
    }

    private static Throwable failure(NettyClientNetwork client) {
        return assertThrows(ExecutionException.class, () -> client.send(-1, ApiKey.METADATA, metadataFor(), TIMEOUT)
                .get(30, TimeUnit.SECONDS)).getCause();
    }

    private static long warnings(ByteArrayOutputStream captured, String node) {
        return captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(" WARN ") && line.contains("Connection to " + node)
                        && line.contains("could not be established"))
                .count();
    }

    /** Writes to both: the test reads what was logged, and the build's output still shows it. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
