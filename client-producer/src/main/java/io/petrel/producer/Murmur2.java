package io.petrel.producer;

/**
 * The 32-bit murmur2 hash Kafka uses to place keyed records (seed {@code 0x9747b28c}), and the partition
 * it gives. Matches {@code org.apache.kafka.common.utils.Utils.murmur2} bit for bit, so a key lands on
 * the same partition whichever client wrote it.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    /** The partition Kafka's default partitioner gives a key: {@code (murmur2(key) & 0x7fffffff) % numPartitions}. */
    public static int partition(byte[] keyBytes, int numPartitions) {
        return (hash(keyBytes) & 0x7fffffff) % numPartitions;
    }

    /** The murmur2 hash of {@code data}. */
    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            h = mixBlock(h, littleEndianInt(data, i << 2));
        }
        h = mixTail(h, data, blocks << 2, length & 3);
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    private static int mixBlock(int h, int k) {
        k *= M;
        k ^= k >>> R;
        k *= M;
        return h * M ^ k;
    }

    private static int mixTail(int h, byte[] data, int start, int remaining) {
        if (remaining == 0) {
            return h;
        }
        if (remaining == 3) {
            h ^= (data[start + 2] & 0xff) << 16;
        }
        if (remaining >= 2) {
            h ^= (data[start + 1] & 0xff) << 8;
        }
        h ^= data[start] & 0xff;
        return h * M;
    }

    private static int littleEndianInt(byte[] data, int offset) {
        return (data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8 | (data[offset + 2] & 0xff) << 16
                | (data[offset + 3] & 0xff) << 24;
    }
}
