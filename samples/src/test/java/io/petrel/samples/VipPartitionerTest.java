package io.petrel.samples;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VipPartitionerTest {
    private final VipPartitioner partitioner = new VipPartitioner();

    @Test
    void vipKeysGoToPartitionZeroAndOthersSpreadOverTheRest() {
        assertEquals(0, partition("vip-1", 6));
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int p = partition("customer-" + i, 6);
            assertTrue(p >= 1 && p <= 5, "customer-" + i + " -> " + p);
            assertEquals(p, partition("customer-" + i, 6), "the same key, the same partition");
            used.add(p);
        }
        assertEquals(Set.of(1, 2, 3, 4, 5), used);
    }

    @Test
    void oneOrNoKeyStillGivesAValidPartition() {
        assertEquals(0, partition("customer-1", 1));
        assertEquals(0, partitioner.partition("t", null, null, 1));
        int p = partitioner.partition("t", null, null, 4);
        assertTrue(p >= 1 && p <= 3, Integer.toString(p));
    }

    private int partition(String key, int partitions) {
        return partitioner.partition("t", key.getBytes(StandardCharsets.UTF_8), key, partitions);
    }
}
