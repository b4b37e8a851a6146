package io.petrel.benchmarks.suite;

import java.time.Duration;
import java.util.Map;

/**
 * A consumer under test, driven the same way whichever client it is: it reads every partition of one topic
 * by hand (no group, so no rebalance is timed) from the beginning or the end, and hands each record's value
 * to a sink. The consumer throughput and end-to-end latency parts are written against this interface only.
 */
public interface ConsumerClient {
    /** "Petrel" or "kafka-clients". */
    String name();

    /**
     * A consumer of every partition of {@code topic}, its positions already resolved (the ListOffsets round
     * trip is done), so the first {@link Reader#poll} fetches.
     */
    Reader open(Map<String, Object> settings, String topic, boolean fromBeginning);

    /**
     * A member of the consumer group named by {@code settings}' {@code group.id}, subscribed to {@code topic};
     * it joins on its first polls. (The scale part's consumers-in-a-group curve.)
     */
    GroupMember join(Map<String, Object> settings, String topic);

    /** Where a poll's record values go, on the polling thread. */
    @FunctionalInterface
    interface ValueSink {
        void accept(byte[] value);
    }

    /** An open consumer: one thread polls it. */
    interface Reader extends AutoCloseable {
        /** Polls once; returns how many records went to {@code sink}. */
        int poll(Duration timeout, ValueSink sink);

        /**
         * A consumer-wide metric of consumer-fetch-manager-metrics by its kafka-clients name (fetch-total,
         * fetch-latency-avg, bytes-consumed-total), NaN when the client has none by that name.
         */
        double fetchMetric(String name);

        @Override
        void close();
    }

    /** A subscribed consumer: one thread polls it. */
    interface GroupMember extends Reader {
        /** How many partitions the group assigned this member, as of its last poll. */
        int assignedPartitions();

        /** Moves to the beginning of every partition assigned now, so the next polls read them from there. */
        void rewindAssigned();
    }
}
