package io.petrel.benchmarks.producer;

import java.util.Random;

/**
 * Record values shaped as Kafka's ProducerPerformance makes them with {@code --record-size}: random bytes
 * 'A'..'Z', different for each record. ProducerPerformance draws them anew before every send; here a pool
 * of distinct values is drawn once before any run and cycled, so the send loop spends nothing on a random
 * generator and both clients send the same bytes. The pool (16384 values, 1.6 MB at 100 B) is far larger
 * than a batch and than lz4's 64 KB window, so compression sees the same randomness as with
 * ProducerPerformance ("lz4 barely shrinks it").
 */
public final class Payloads {
    private static final int POOL = 16_384;
    private final byte[][] values;

    public Payloads(int recordSize, long seed) {
        this(recordSize, seed, POOL);
    }

    /**
     * A pool of {@code pool} values (a power of two): fewer than the default for large records, so that a pool
     * of 100 KiB values stays a few MB (still many batches' worth, and compression is off where that is used).
     */
    public Payloads(int recordSize, long seed, int pool) {
        if (pool <= 0 || Integer.bitCount(pool) != 1) {
            throw new IllegalArgumentException("A pool of values must be a power of two, not " + pool);
        }
        Random random = new Random(seed);
        values = new byte[pool][];
        for (int i = 0; i < pool; i++) {
            byte[] v = new byte[recordSize];
            for (int j = 0; j < recordSize; j++) {
                v[j] = (byte) ('A' + random.nextInt(26));
            }
            values[i] = v;
        }
    }

    /** The value of the i-th record of a run. Never modified: the clients may hold on to it. */
    public byte[] get(int i) {
        return values[i & (values.length - 1)];
    }

    public int recordSize() {
        return values[0].length;
    }
}
