package io.petrel.consumer.internal;

import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.client.internal.metrics.MetricConfig;
import io.petrel.client.internal.metrics.MetricRegistry;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What the fetcher leaves on a broker when the consumer closes: no fetch session, whenever it was opened. */
class FetcherCloseTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final short FETCH_VERSION = 13;

    private final ScriptedNetwork network = ScriptedNetwork.onIoThread();
    private final Time time = Time.SYSTEM;

    @AfterEach
    void close() {
        network.close();
    }

    private Fetcher fetcher() {
        ConsumerSettings settings = ConsumerSettings.from(Map.of("bootstrap.servers", "localhost:9092"));
        SubscriptionState subscriptions = new SubscriptionState(AutoOffsetReset.EARLIEST, false);
        subscriptions.assignFromUser(List.of(P0));
        subscriptions.seek(P0, 0, Optional.empty());
        ConsumerSignal signal = new ConsumerSignal(time);
        ConsumerMetrics metrics = new ConsumerMetrics(new MetricRegistry(new MetricConfig(2, 30_000), time, "c"),
                subscriptions::assignedCount);
        return new Fetcher(network, subscriptions, signal, metrics, time, settings,
                new PositionValidator(network, subscriptions, signal, time, settings));
    }

    /**
     * The consumer closes while its first, full fetch is in flight: the broker opens a session for that fetch after
     * the close, and only the fetch's answer names it. The close waits for that answer and closes the session (before,
     * it closed only sessions it knew of, and this one stayed on the broker until evicted, holding a cache slot).
     */
    @Test
    void aSessionOpenedByTheFetchInFlightAtCloseIsClosedOnceItsAnswerIsIn() throws Exception {
        network.metadata().topic(P0.topic(), 1, 0);
        network.hold(ApiKey.FETCH, FETCH_VERSION);
        Fetcher fetcher = fetcher();
        fetcher.sendFetches();
        ScriptedNetwork.Exchange opening = network.awaitHeld(ApiKey.FETCH);
        assertEquals(0, opening.request().get(FetchRequest.SESSION_EPOCH), "the first fetch is full and opens a session");

        CompletableFuture<Void> closed = fetcher.close();
        assertFalse(closed.isDone(), "the close waits for the answer of a fetch that may open a session");
        opening.answer(emptyAnswer(77));

        ScriptedNetwork.Exchange closing = network.awaitHeld(ApiKey.FETCH);
        assertEquals(77, closing.request().get(FetchRequest.SESSION_ID), "the session the late answer named");
        assertEquals(-1, closing.request().get(FetchRequest.SESSION_EPOCH), "the final epoch closes it");
        closing.answer(emptyAnswer(0));
        closed.get(10, TimeUnit.SECONDS);
    }

    private static Message emptyAnswer(int sessionId) {
        return FetchResponse.SCHEMA.newMessage().set(FetchResponse.THROTTLE_TIME_MS, 0)
                .set(FetchResponse.ERROR_CODE, (short) 0).set(FetchResponse.SESSION_ID, sessionId)
                .set(FetchResponse.RESPONSES, List.of());
    }
}
