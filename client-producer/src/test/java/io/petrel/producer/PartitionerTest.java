package io.petrel.producer;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PartitionerTest {
    private static final long SEED = 20261125L;

    @Test
    void murmur2MatchesKafkaForRandomKeysOfEveryLength() {
        Random random = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = new byte[random.nextInt(64)];
            random.nextBytes(key);
            assertEquals(Utils.murmur2(key), Murmur2.hash(key), "seed " + SEED + ", key #" + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 7, 12, 50, 100, 1000})
    void keyedRecordsLandWhereKafkaPutsThem(int numPartitions) {
        Random random = new Random(SEED + numPartitions);
        Partitioner roundRobin = new RoundRobinPartitioner();
        Partitioner sticky = new StickyPartitioner();
        for (int i = 0; i < 10_000; i++) {
            byte[] key = new byte[1 + random.nextInt(40)];
            random.nextBytes(key);
            int kafka = Utils.toPositive(Utils.murmur2(key)) % numPartitions;
            assertEquals(kafka, Murmur2.partition(key, numPartitions));
            assertEquals(kafka, roundRobin.partition("t", key, null, numPartitions));
            assertEquals(kafka, sticky.partition("t", key, null, numPartitions));
        }
    }

    @Test
    void roundRobinTakesPartitionsInTurnPerTopic() {
        Partitioner partitioner = new RoundRobinPartitioner();
        for (int i = 0; i < 12; i++) {
            assertEquals(i % 4, partitioner.partition("a", null, null, 4));
        }
        assertEquals(0, partitioner.partition("b", null, null, 4));
    }

    @Test
    void stickyStaysUntilANewBatchThenMovesElsewhere() {
        Partitioner partitioner = new StickyPartitioner();
        int first = partitioner.partition("t", null, null, 5);
        for (int i = 0; i < 100; i++) {
            assertEquals(first, partitioner.partition("t", null, null, 5));
        }
        Set<Integer> seen = new HashSet<>();
        int previous = first;
        for (int i = 0; i < 200; i++) {
            partitioner.onNewBatch("t", previous);
            int next = partitioner.partition("t", null, null, 5);
            assertNotEquals(previous, next);
            seen.add(next);
            previous = next;
        }
        assertEquals(5, seen.size());
    }
}
