package io.petrel.producer.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchRecordFactsTest {
    private static void assertFacts(BatchRecordFacts facts, long[] timestamps, int[] keySizes, int[] valueSizes) {
        assertEquals(timestamps.length, facts.count());
        for (int i = 0; i < timestamps.length; i++) {
            assertEquals(timestamps[i], facts.timestamp(i), "timestamp " + i);
            assertEquals(keySizes[i], facts.keySize(i), "key size " + i);
            assertEquals(valueSizes[i], facts.valueSize(i), "value size " + i);
        }
    }

    private static BatchRecordFacts of(int capacity, long[] timestamps, int[] keySizes, int[] valueSizes) {
        BatchRecordFacts facts = new BatchRecordFacts(capacity);
        for (int i = 0; i < timestamps.length; i++) {
            facts.add(timestamps[i], keySizes[i], valueSizes[i]);
        }
        return facts;
    }

    @Test
    void recordsThatAgreeGiveTheFirstRecordsFacts() {
        long[] ts = {1_000, 1_000, 1_000};
        int[] keys = {-1, -1, -1};
        int[] values = {100, 100, 100};
        assertFacts(of(16, ts, keys, values), ts, keys, values);
    }

    @Test
    void eachRecordKeepsItsOwnTimeAndSizesOnceTheyDiffer() {
        long[] ts = {1_700_000_000_000L, 1_700_000_000_000L, 1_700_000_000_003L, 1_699_999_999_990L};
        int[] keys = {-1, -1, 8, 0};
        int[] values = {100, 100, 100, -1};
        assertFacts(of(16, ts, keys, values), ts, keys, values);
    }

    @Test
    void columnsGrowPastTheirInitialCapacity() {
        int n = 100;
        long[] ts = new long[n];
        int[] keys = new int[n];
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 5_000 + i / 3;
            keys[i] = i % 7 == 0 ? 4 : -1;
            values[i] = 10 + i;
        }
        assertFacts(of(2, ts, keys, values), ts, keys, values);
    }

    @Test
    void timestampsFurtherApartThanAnIntKeepEveryValue() {
        long[] ts = {10, 11, 10 + (1L << 40), -5, 12};
        int[] keys = {1, 1, 1, 1, 1};
        int[] values = {2, 2, 2, 2, 2};
        assertFacts(of(2, ts, keys, values), ts, keys, values);
    }
}
