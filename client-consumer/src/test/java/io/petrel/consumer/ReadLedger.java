package io.petrel.consumer;

import io.petrel.client.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks a stream of records read from partitions written with {@link SequencedRecords} as it arrives: each
 * partition's offsets must run 0, 1, 2, ... with no gap, repeat or reordering, and each record must be the one
 * written there. Keeps counts, not records, so a million reads cost little memory.
 */
public final class ReadLedger {
    private static final int MAX_PROBLEMS = 20;

    private final SequencedRecords written;
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long count;
    private long problemCount;

    public ReadLedger(SequencedRecords written) {
        this.written = written;
    }

    public void accept(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            accept(r);
        }
    }

    public void accept(ConsumerRecord<byte[], byte[]> record) {
        count++;
        TopicPartition tp = record.topicPartition();
        long expected = next.getOrDefault(tp, 0L);
        if (record.offset() != expected) {
            problem(tp + ": read offset " + record.offset() + " where " + expected + " was next"
                    + (record.offset() < expected ? " (read twice or out of order)" : " (records skipped)"));
        }
        next.put(tp, record.offset() + 1);
        String mismatch = written.mismatch(record);
        if (mismatch != null) {
            problem(tp + "@" + record.offset() + ": " + mismatch);
        }
    }

    /** Records read so far. */
    public long count() {
        return count;
    }

    /** Fails unless every partition was read exactly to its end offset and every record was as written. */
    public void assertReadExactly(Map<TopicPartition, Long> endOffsets) {
        if (!problems.isEmpty()) {
            fail(problemCount + " problems (at most " + MAX_PROBLEMS + " shown): " + problems);
        }
        for (Map.Entry<TopicPartition, Long> e : endOffsets.entrySet()) {
            assertEquals(e.getValue(), next.getOrDefault(e.getKey(), 0L), () -> "next offset read of " + e.getKey());
        }
        assertEquals(endOffsets.keySet(), next.keySet(), "partitions read");
        assertEquals(endOffsets.values().stream().mapToLong(Long::longValue).sum(), count, "records read");
    }

    private void problem(String problem) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }
}
