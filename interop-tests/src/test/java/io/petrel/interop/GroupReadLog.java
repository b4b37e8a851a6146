package io.petrel.interop;

import io.petrel.consumer.SequencedRecords;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every record the members of a group read, from any thread or process, checked at the end: each offset of each
 * partition read exactly once, by whichever member, and each record the one written there ({@link SequencedRecords}).
 */
public final class GroupReadLog {
    /** One record as a member read it; {@code mismatch} is null when it was the record written there. */
    public record Read(String member, int partition, long offset, String mismatch) {
    }

    private final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> perMember = new ConcurrentHashMap<>();

    public void add(Read read) {
        reads.add(read);
        perMember.computeIfAbsent(read.member(), m -> new AtomicInteger()).incrementAndGet();
    }

    public int size() {
        return reads.size();
    }

    int readBy(String member) {
        AtomicInteger n = perMember.get(member);
        return n == null ? 0 : n.get();
    }

    /**
     * Fails unless every offset of partitions 0..n-1 below {@code ends} was read at least once, each time with the
     * record written there; returns how many reads were of an offset read before (redelivered after a failure).
     */
    public long assertReadAtLeastOnce(long[] ends) {
        Map<Integer, java.util.BitSet> read = new HashMap<>();
        List<String> problems = new ArrayList<>();
        long again = 0;
        for (Read r : reads) {
            if (r.mismatch() != null && problems.size() < 20) {
                problems.add(r.partition() + "@" + r.offset() + " read by " + r.member() + ": " + r.mismatch());
            }
            java.util.BitSet offsets = read.computeIfAbsent(r.partition(), p -> new java.util.BitSet());
            if (offsets.get(Math.toIntExact(r.offset()))) {
                again++;
            }
            offsets.set(Math.toIntExact(r.offset()));
        }
        for (int p = 0; p < ends.length; p++) {
            java.util.BitSet offsets = read.getOrDefault(p, new java.util.BitSet());
            int missing = offsets.nextClearBit(0);
            if (missing < ends[p] && problems.size() < 20) {
                problems.add("partition " + p + "@" + missing + " never read (of " + ends[p] + ")");
            }
        }
        if (!problems.isEmpty()) {
            fail("Records never processed or wrong: " + problems);
        }
        return again;
    }

    /** Whether every offset of partitions 0..n-1 below {@code ends} has been read. */
    public boolean coversAll(long[] ends) {
        Map<Integer, java.util.BitSet> read = new HashMap<>();
        for (Read r : reads) {
            read.computeIfAbsent(r.partition(), p -> new java.util.BitSet()).set(Math.toIntExact(r.offset()));
        }
        for (int p = 0; p < ends.length; p++) {
            if (read.getOrDefault(p, new java.util.BitSet()).nextClearBit(0) < ends[p]) {
                return false;
            }
        }
        return true;
    }

    /** Fails unless partitions 0..n-1 were read exactly to {@code ends}, once per offset, with the records written. */
    void assertReadExactlyOnce(long[] ends) {
        Map<Integer, Map<Long, List<String>>> readers = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Read r : reads) {
            if (r.mismatch() != null && problems.size() < 20) {
                problems.add(r.partition() + "@" + r.offset() + " read by " + r.member() + ": " + r.mismatch());
            }
            readers.computeIfAbsent(r.partition(), p -> new HashMap<>())
                    .computeIfAbsent(r.offset(), o -> new ArrayList<>()).add(r.member());
        }
        long total = 0;
        for (int p = 0; p < ends.length; p++) {
            Map<Long, List<String>> byOffset = readers.getOrDefault(p, Map.of());
            for (long offset = 0; offset < ends[p] && problems.size() < 20; offset++) {
                List<String> who = byOffset.get(offset);
                if (who == null) {
                    problems.add("partition " + p + "@" + offset + " never read");
                } else if (who.size() > 1) {
                    problems.add("partition " + p + "@" + offset + " read " + who.size() + " times, by " + who);
                }
            }
            total += ends[p];
        }
        if (reads.size() != total && problems.size() < 20) {
            problems.add(reads.size() + " reads for " + total + " records written");
        }
        if (!problems.isEmpty()) {
            fail("Records lost, read twice or wrong across the rebalances: " + problems);
        }
    }
}
