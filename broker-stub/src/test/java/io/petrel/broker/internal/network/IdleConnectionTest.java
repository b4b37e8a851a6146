package io.petrel.broker.internal.network;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** connections.max.idle.ms: a connection with no traffic for that long is closed by the broker. */
class IdleConnectionTest {
    private static final Duration IDLE = Duration.ofMillis(300);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static Broker broker;

    @BeforeAll
    static void start() {
        broker = Broker.start(BrokerConfig.builder().idleConnectionTimeout(IDLE).build());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void anIdleConnectionIsClosedAfterTheTimeoutCountedFromItsLastTraffic() throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            // Taken before the exchange: the broker's last traffic (writing the response) comes later, so
            // the silence it counts is at least what is measured from here.
            long beforeLastExchange = System.nanoTime();
            assertEquals(ErrorCode.NONE.code(),
                    client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions()).get(ApiVersionsResponse.ERROR_CODE));
            assertTrue(client.awaitClosed(DEADLINE), "an idle connection must be closed within " + DEADLINE);
            long idleFor = System.nanoTime() - beforeLastExchange;
            assertTrue(idleFor >= IDLE.toNanos(), "closed after " + idleFor / 1_000_000 + " ms of silence, before "
                    + IDLE.toMillis() + " ms");
        }
    }

    @Test
    void aConnectionThatNeverSendsAnythingIsClosedToo() throws IOException {
        long connected = System.nanoTime();
        try (RawClient client = RawClient.connect(broker.port())) {
            assertTrue(client.awaitClosed(DEADLINE));
            assertTrue(System.nanoTime() - connected >= IDLE.toNanos());
        }
    }

    @Test
    void theBrokerKeepsServingNewConnectionsAfterClosingIdleOnes() throws IOException {
        try (RawClient idle = RawClient.connect(broker.port())) {
            assertTrue(idle.awaitClosed(DEADLINE));
        }
        try (RawClient client = RawClient.connect(broker.port())) {
            assertEquals(ErrorCode.NONE.code(),
                    client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions()).get(ApiVersionsResponse.ERROR_CODE));
        }
    }
}
