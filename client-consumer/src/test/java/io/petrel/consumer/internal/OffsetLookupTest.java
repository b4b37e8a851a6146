package io.petrel.consumer.internal;

import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Position resets through ListOffsets, against a scripted network that answers on the calling thread. */
class OffsetLookupTest {
    private static final String TOPIC = "t";
    private static final int PARTITIONS = 20;
    private static final int RETRY_BACKOFF_MS = 10;

    private final ScriptedNetwork network = ScriptedNetwork.inline();
    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);

    @AfterEach
    void close() {
        network.close();
    }

    /**
     * A topic's first metadata landing while a reset groups its partitions by leader: all of them wait for the
     * retry together, and then one ListOffsets names them all, so one response positions every partition and the
     * first fetch can name them all (reading a leader per partition, the reset sent 19 of 20 at once and the first
     * partition after the backoff).
     */
    @Test
    void aTopicWhoseMetadataArrivesMidwayIsLookedUpInOneRequest() {
        PartitionLogs logs = new PartitionLogs(network);
        network.handle(ApiKey.LIST_OFFSETS, (short) 9, logs.listOffsetsHandler());
        AtomicInteger reads = new AtomicInteger();
        network.metadata().beforeEachRead(() -> {
            if (reads.incrementAndGet() == 2) {
                network.metadata().topic(TOPIC, PARTITIONS, 0);
            }
        });
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(TOPIC, p));
        }
        SubscriptionState subscriptions = new SubscriptionState(AutoOffsetReset.EARLIEST, false);
        subscriptions.assignFromUser(partitions);
        OffsetLookup lookup = new OffsetLookup(network, subscriptions, new ConsumerSignal(time), time,
                ConsumerSettings.from(Map.of("bootstrap.servers", "localhost:9092",
                        "retry.backoff.ms", RETRY_BACKOFF_MS)));

        lookup.resetPositions();
        clock.advance(Duration.ofMillis(RETRY_BACKOFF_MS));
        lookup.resetPositions();

        List<Integer> partitionsPerRequest = network.sent(ApiKey.LIST_OFFSETS).stream()
                .map(exchange -> partitionCount(exchange.request())).toList();
        assertEquals(List.of(PARTITIONS), partitionsPerRequest, "partitions named by each ListOffsets request");
        partitions.forEach(tp -> assertEquals(Optional.of(0L), subscriptions.position(tp), "position of " + tp));
    }

    private static int partitionCount(Message request) {
        return request.get(ListOffsetsRequest.TOPICS).stream()
                .mapToInt(t -> t.get(ListOffsetsRequest.ListOffsetsTopic.PARTITIONS).size()).sum();
    }
}
