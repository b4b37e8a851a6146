package io.petrel.producer.internal;

import io.petrel.client.PartitionInfo;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.serializers.StringSerializer;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * partitionsFor() against a network that knows topic "t" only: between failed metadata lookups it backs off on
 * the injected clock, so a minute of max.block.ms passes on the manual clock without the test sleeping.
 */
class PartitionsForTest {
    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);
    private final ScriptedNetwork network = ScriptedProduce.network(3);

    private PetrelProducer<String, String> start() {
        ProducerSettings settings = ProducerSettings.from(Map.of("bootstrap.servers", "localhost:9092",
                "max.block.ms", 60_000, "retry.backoff.ms", 250));
        return PetrelProducer.start(settings, new StringSerializer(), new StringSerializer(), (s, t) -> network, time);
    }

    @Test
    void aKnownTopicsPartitionsComeBackWithoutWaiting() {
        try (PetrelProducer<String, String> producer = start()) {
            long before = time.nanoseconds();
            List<PartitionInfo> partitions = producer.partitionsFor("t");
            assertEquals(List.of(0, 1, 2), partitions.stream().map(PartitionInfo::partition).toList());
            assertEquals(before, time.nanoseconds(), "no backoff for a topic that is known");
        }
    }

    @Test
    void anUnknownTopicIsAskedForAgainAfterEachBackoffUntilMaxBlockPasses() {
        try (PetrelProducer<String, String> producer = start()) {
            long before = time.nanoseconds();
            TimeoutException e = assertThrows(TimeoutException.class, () -> producer.partitionsFor("missing"));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - before);
            assertEquals(60_000, waitedMs, "240 backoffs of retry.backoff.ms on the clock, then the deadline");
            assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("max.block.ms")
                    && e.getMessage().contains("does not exist"), e.getMessage());
        }
    }
}
