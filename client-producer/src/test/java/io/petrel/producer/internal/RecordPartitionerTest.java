package io.petrel.producer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.petrel.client.ClientException;
import io.petrel.producer.Partitioner;
import io.petrel.producer.RoundRobinPartitioner;
import org.junit.jupiter.api.Test;

/** Where a record goes, and the errors for a partition the topic does not have. */
class RecordPartitionerTest {
    private static final String TOPIC = "peter-basic01";

    @Test
    void anExplicitPartitionIsKeptWhenItExists() {
        RecordPartitioner partitioner = new RecordPartitioner(new RoundRobinPartitioner());
        assertEquals(2, partitioner.partition(TOPIC, 2, null, null, 3));
        assertEquals(0, partitioner.partition(TOPIC, 0, null, null, 1));
    }

    @Test
    void anExplicitPartitionBeyondTheTopicSaysItDoesNotExist() {
        RecordPartitioner partitioner = new RecordPartitioner(new RoundRobinPartitioner());
        ClientException e = assertThrows(ClientException.class,
                () -> partitioner.partition(TOPIC, 1000, null, null, 3));
        assertEquals("Partition 1000 of topic peter-basic01 does not exist: the topic has 3 partitions (0 to 2)",
                e.getMessage());
        ClientException negative = assertThrows(ClientException.class,
                () -> partitioner.partition(TOPIC, -1, null, null, 1));
        assertEquals("Partition -1 of topic peter-basic01 does not exist: the topic has 1 partition (0)",
                negative.getMessage());
    }

    @Test
    void aPartitionerOutOfRangeIsNamed() {
        RecordPartitioner partitioner = new RecordPartitioner(new FixedPartitioner(7));
        ClientException e = assertThrows(ClientException.class,
                () -> partitioner.partition(TOPIC, null, null, null, 3));
        assertEquals("Partitioner " + FixedPartitioner.class.getName() + " chose partition 7 of topic peter-basic01,"
                + " which does not exist: the topic has 3 partitions (0 to 2)", e.getMessage());
        assertEquals(7, new RecordPartitioner(new FixedPartitioner(7)).partition(TOPIC, null, null, null, 8));
    }


    private static final class FixedPartitioner implements Partitioner {
        private final int partition;

        FixedPartitioner(int partition) {
            this.partition = partition;
        }

        @Override
        public int partition(String topic, byte[] keyBytes, Object key, int numPartitions) {
            return partition;
        }
    }
}
