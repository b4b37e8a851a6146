package io.petrel.broker.internal.quota;

import io.petrel.broker.QuotaWindow;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.ThrottleTime;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeClusterResponse;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** request_percentage: the handler's time counted against the client's share of a thread, on a manual clock. */
class ThrottledRequestHandlerTest {
    @TempDir
    Path dataDir;

    @Test
    void handlerTimeBeyondTheClientsShareOfAThreadIsThrottled() throws IOException {
        ManualClock clock = new ManualClock();
        ClientQuotaStore store = ClientQuotaStore.open(dataDir);
        store.alter(Map.of(QuotaEntity.of(new QuotaEntity.Component(QuotaEntity.CLIENT_ID, "busy")),
                Map.of(QuotaKey.REQUEST_PERCENTAGE.key(), 10.0)));
        RateQuotas requestTime = new RateQuotas(QuotaKey.REQUEST_PERCENTAGE, store, new MonotonicClock(clock::nanoTime),
                QuotaWindow.KAFKA_DEFAULT.samples(), QuotaWindow.KAFKA_DEFAULT.sampleSize().toMillis());
        // A handler that takes 50 ms of its thread per request: 5 percent-seconds each.
        RequestHandler slow = new RequestHandler() {
            @Override
            public ApiKey api() {
                return ApiKey.DESCRIBE_CLUSTER;
            }

            @Override
            public Versions versions() {
                return ApiKey.DESCRIBE_CLUSTER.versions();
            }

            @Override
            public CompletableFuture<Response> handle(RequestContext context, Message request) {
                clock.advance(Duration.ofMillis(50));
                return CompletableFuture.completedFuture(Response.of(DescribeClusterResponse.SCHEMA.newMessage()));
            }
        };
        ThrottledRequestHandler handler = new ThrottledRequestHandler(slow, requestTime, clock::nanoTime);
        RequestContext context = new RequestContext((short) 0, 1, "busy", "conn-1", new InetSocketAddress("127.0.0.1", 5000));

        for (int i = 1; i <= 20; i++) {
            assertEquals(0, throttleOf(handler, context), "request " + i + ": 1 s of a thread in the first 10 s is 10%");
        }
        // The 21st makes 105 percent-seconds over the 10 s window: 10.5% of a thread; 500 ms more brings it to 10%.
        assertEquals(500, throttleOf(handler, context));
        RequestContext other = new RequestContext((short) 0, 2, "idle", "conn-2", new InetSocketAddress("127.0.0.1", 5001));
        assertEquals(0, throttleOf(handler, other), "another client-id has no quota");
    }

    private static int throttleOf(RequestHandler handler, RequestContext context) {
        Response response = handler.handle(context, ApiKey.DESCRIBE_CLUSTER.requestSchema().newMessage()).join();
        return ThrottleTime.of(((Response.Body) response).body());
    }
}
