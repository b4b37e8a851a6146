package io.petrel.broker.internal.quota;

import io.petrel.broker.QuotaWindow;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** consumer_byte_rate on Fetch as Kafka applies it (KIP-219), on a manual clock. */
class ThrottledFetchHandlerTest {
    private static final RequestContext CONTEXT = new RequestContext((short) 12, 1, "reader", "conn-1",
            new InetSocketAddress("127.0.0.1", 5000));

    @TempDir
    Path dataDir;
    private final List<Integer> askedMaxBytes = new ArrayList<>();
    private int nextRecordBytes;
    private ThrottledFetchHandler handler;

    @BeforeEach
    void open() throws IOException {
        ManualClock clock = new ManualClock();
        ClientQuotaStore store = ClientQuotaStore.open(dataDir);
        store.alter(Map.of(QuotaEntity.of(new QuotaEntity.Component(QuotaEntity.CLIENT_ID, "reader")),
                Map.of(QuotaKey.CONSUMER_BYTE_RATE.key(), 1000.0)));
        RateQuotas quotas = new RateQuotas(QuotaKey.CONSUMER_BYTE_RATE, store, new MonotonicClock(clock::nanoTime),
                QuotaWindow.KAFKA_DEFAULT.samples(), QuotaWindow.KAFKA_DEFAULT.sampleSize().toMillis());
        handler = new ThrottledFetchHandler(new RequestHandler() {
            @Override
            public ApiKey api() {
                return ApiKey.FETCH;
            }

            @Override
            public Versions versions() {
                return ApiKey.FETCH.versions();
            }

            @Override
            public CompletableFuture<Response> handle(RequestContext context, Message request) {
                askedMaxBytes.add(request.get(FetchRequest.MAX_BYTES));
                Message partition = Message.of(FetchResponse.PartitionData.SCHEMA)
                        .set(FetchResponse.PartitionData.RECORDS, ByteBuffer.allocate(nextRecordBytes));
                Message topic = Message.of(FetchResponse.FetchableTopicResponse.SCHEMA)
                        .set(FetchResponse.FetchableTopicResponse.PARTITIONS, List.of(partition));
                return CompletableFuture.completedFuture(Response.of(FetchResponse.SCHEMA.newMessage()
                        .set(FetchResponse.RESPONSES, List.of(topic))));
            }
        }, quotas);
    }

    private Message fetch(int recordBytes) {
        nextRecordBytes = recordBytes;
        Message request = FetchRequest.SCHEMA.newMessage().set(FetchRequest.MAX_BYTES, 50 * 1024 * 1024);
        return ((Response.Body) handler.handle(CONTEXT, request).join()).body();
    }

    @Test
    void aFetchOverQuotaIsAnsweredEmptyWithItsThrottleTimeAndItsBytesAreNotCounted() {
        Message first = fetch(8000);
        assertEquals(0, first.get(FetchResponse.THROTTLE_TIME_MS));
        assertEquals(1, first.get(FetchResponse.RESPONSES).size());

        // 16,000 bytes over the 10 s window: 1600 B/s against 1000 B/s; 6 s more would bring it to the quota.
        Message second = fetch(8000);
        assertEquals(6000, second.get(FetchResponse.THROTTLE_TIME_MS));
        assertEquals(List.of(), second.get(FetchResponse.RESPONSES), "a throttled fetch is answered empty");

        Message third = fetch(2000);
        assertEquals(0, third.get(FetchResponse.THROTTLE_TIME_MS), "the emptied fetch's bytes were taken back");
    }

    @Test
    void aFetchAsksForNoMoreThanTheQuotaAllowsOverTenSeconds() {
        fetch(0);
        assertEquals(List.of(10_000), askedMaxBytes);
    }
}
