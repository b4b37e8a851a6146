package io.petrel.protocol.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** A record as a test means it: what goes into a builder and should come back out of a reader. */
record SampleRecord(long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {

    /** Deterministic records with null keys, null values, empty values, headers (some null-valued, non-ASCII keys). */
    static List<SampleRecord> generate(int count, long seed) {
        Random random = new Random(seed);
        long base = 1_700_000_000_000L;
        List<SampleRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long timestamp = base + random.nextInt(100_000) - 50_000;
            byte[] key = i % 5 == 1 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 7 == 3 ? null : bytes(random, i % 11 == 0 ? 0 : random.nextInt(300));
            records.add(new SampleRecord(timestamp, key, value, headers(random, i)));
        }
        return records;
    }

    private static List<RecordHeader> headers(Random random, int i) {
        if (i % 3 == 0) {
            return List.of();
        }
        return List.of(new RecordHeader("trace-id", bytes(random, 16)),
                new RecordHeader("h\u00e9\u4e2d-" + (i % 4), i % 2 == 0 ? null : bytes(random, 3)));
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        // Some repetition so the codecs have something to compress.
        for (int i = size / 2; i < size; i++) {
            bytes[i] = (byte) (i & 7);
        }
        return bytes;
    }

    static byte[] toBytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleRecord other && timestamp == other.timestamp && Arrays.equals(key, other.key)
                && Arrays.equals(value, other.value) && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "SampleRecord(ts=" + timestamp + ", key=" + Arrays.toString(key) + ", value="
                + (value == null ? "null" : value.length + "B") + ", headers=" + headers + ")";
    }
}
