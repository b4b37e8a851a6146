package io.petrel.producer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * As Kafka's default for records without a key: they stick to one partition until its batch is full,
 * then move to another, so batches fill up and fewer, larger requests go out. Keyed records go to
 * Kafka's murmur2 partition of their key.
 *
 * <p>How it moves on: when a keyless record would open a new batch on the sticky partition, the
 * producer calls {@link #onNewBatch}, which marks that partition as left; the next call picks another
 * partition at random.
 */
public final class StickyPartitioner implements Partitioner {
    /** The sticky partition per topic; {@code left} once its batch filled up. */
    private record Choice(int partition, boolean left) {
    }

    private final ConcurrentMap<String, Choice> sticky = new ConcurrentHashMap<>();

    @Override
    public int partition(String topic, byte[] keyBytes, Object key, int numPartitions) {
        if (keyBytes != null) {
            return Murmur2.partition(keyBytes, numPartitions);
        }
        Choice choice = sticky.compute(topic, (t, current) -> current != null && !current.left()
                && current.partition() < numPartitions ? current : pick(current, numPartitions));
        return choice.partition();
    }

    @Override
    public void onNewBatch(String topic, int previousPartition) {
        sticky.computeIfPresent(topic, (t, current) -> current.partition() == previousPartition
                ? new Choice(previousPartition, true) : current);
    }

    private static Choice pick(Choice previous, int numPartitions) {
        if (numPartitions == 1 || previous == null) {
            return new Choice(ThreadLocalRandom.current().nextInt(numPartitions), false);
        }
        int other = ThreadLocalRandom.current().nextInt(numPartitions - 1);
        int avoid = previous.partition();
        return new Choice(other >= avoid && avoid < numPartitions ? other + 1 : other, false);
    }
}
