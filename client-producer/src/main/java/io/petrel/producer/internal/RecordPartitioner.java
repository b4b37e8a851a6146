package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.producer.Partitioner;
import io.petrel.producer.RoundRobinPartitioner;

/**
 * Stage 2 of the pipeline: picks the partition of a serialized record once its topic's partition count
 * is known. An explicit partition wins (and must exist); otherwise the configured {@link Partitioner}
 * decides: by default Kafka's murmur2 of the key, or round-robin for records without one.
 */
final class RecordPartitioner {
    private final Partitioner partitioner;

    RecordPartitioner(Partitioner partitioner) {
        this.partitioner = partitioner;
    }

    /**
     * The partition of a record of {@code topic}.
     *
     * @param explicit  the partition the caller fixed, or null
     * @param key       the serialized key, or null
     * @param keyObject the key before serialization, for partitioners that want it
     * @throws ClientException for an explicit partition the topic does not have, or a partitioner out of range
     */
    int partition(String topic, Integer explicit, byte[] key, Object keyObject, int numPartitions) {
        if (explicit != null) {
            if (!exists(explicit, numPartitions)) {
                throw new ClientException("Partition " + explicit + " of topic " + topic
                        + " does not exist: " + range(numPartitions));
            }
            return explicit;
        }
        int chosen = partitioner.partition(topic, key, keyObject, numPartitions);
        if (!exists(chosen, numPartitions)) {
            throw new ClientException("Partitioner " + partitioner.getClass().getName() + " chose partition " + chosen
                    + " of topic " + topic + ", which does not exist: " + range(numPartitions));
        }
        return chosen;
    }

    /**
     * Whether to tell the partitioner before a record it placed opens a new batch: for keyless records, so
     * a sticky partitioner can move on. Not for round-robin, which would skip a partition each time.
     */
    boolean wantsNewBatchNotice(Integer explicit, byte[] key) {
        return explicit == null && key == null && !(partitioner instanceof RoundRobinPartitioner);
    }

    /** Tells the partitioner a record it placed would open a new batch; it may move on before the next call. */
    void onNewBatch(String topic, int previousPartition) {
        partitioner.onNewBatch(topic, previousPartition);
    }

    private static boolean exists(int partition, int numPartitions) {
        return partition >= 0 && partition < numPartitions;
    }

    private static String range(int numPartitions) {
        return numPartitions == 1 ? "the topic has 1 partition (0)"
                : "the topic has " + numPartitions + " partitions (0 to " + (numPartitions - 1) + ")";
    }

    void close() {
        partitioner.close();
    }
}
