package io.petrel.samples;

import io.petrel.producer.Murmur2;
import io.petrel.producer.Partitioner;

import java.nio.charset.StandardCharsets;

/**
 * A {@link Partitioner} that keeps partition 0 for VIP customers: a record whose key starts with
 * {@value #VIP_PREFIX} goes to partition 0; any other record is spread by a hash of its key over the
 * remaining partitions 1..n-1, so the same key still always lands on the same partition. With a single
 * partition everything goes to 0.
 *
 * <p>Why a reserved partition: a consumer assigned only partition 0 serves VIPs without queueing behind
 * everyone else's records. Stateless, hence thread-safe, as a partitioner must be. Select it with
 * {@code ProducerBuilder.partitioner(new VipPartitioner())} or {@code partitioner.class=io.petrel.samples.VipPartitioner}.
 */
public final class VipPartitioner implements Partitioner {
    /** Keys starting with this go to partition 0. */
    public static final String VIP_PREFIX = "vip-";

    @Override
    public int partition(String topic, byte[] keyBytes, Object key, int numPartitions) {
        if (numPartitions == 1 || (key != null && key.toString().startsWith(VIP_PREFIX))) {
            return 0;
        }
        // No key hashes as an empty one: such records all share one of the non-VIP partitions.
        byte[] hashed = keyBytes != null ? keyBytes : "".getBytes(StandardCharsets.UTF_8);
        return 1 + Murmur2.partition(hashed, numPartitions - 1);
    }
}
