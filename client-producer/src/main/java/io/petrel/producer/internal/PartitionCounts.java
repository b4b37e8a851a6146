package io.petrel.producer.internal;

import io.petrel.client.PartitionInfo;
import io.petrel.client.internal.ClusterMetadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * How many partitions each topic has, as send() needs it for every record, re-read from the cluster
 * metadata about once per {@value #REFRESH_MS} ms by the sender thread.
 *
 * <p>Why: {@link ClusterMetadata#partitions} builds a new list on each call, too costly once per record;
 * so is reading the clock once per record to see whether the cached count is due for a refresh, which
 * is why send() only reads the map and the sender loop, which reads the clock anyway, does the
 * refreshing ({@link #refreshIfDue}). The last topic's count is kept aside and found by identity, as
 * a producer's topic is usually the same String every time. A count this stale is harmless: partitions are only ever added,
 * and a record for one not yet known here simply goes to one of the others, as it would have a moment
 * earlier.
 */
final class PartitionCounts {
    private static final long REFRESH_MS = 1_000;
    private static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(REFRESH_MS);

    /** The last topic looked up and its count: a producer usually sends to one topic after another. */
    private record Last(String topic, int count) {
    }

    private final ClusterMetadata metadata;
    private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile Last last;
    /** When the sender last refreshed; its thread alone reads and writes it. */
    private long refreshedNanos;

    PartitionCounts(ClusterMetadata metadata, long nowNanos) {
        this.metadata = metadata;
        this.refreshedNanos = nowNanos;
    }

    /** The topic's partition count, or 0 while its metadata is not known. */
    int of(String topic) {
        Last known = last;
        if (known != null && known.topic == topic) {
            return known.count;
        }
        Integer cached = counts.get(topic);
        int count = cached != null ? cached : read(topic);
        if (count > 0) {
            last = new Last(topic, count);
        }
        return count;
    }

    private int read(String topic) {
        int count = metadata.partitions(topic).map(List::size).orElse(0);
        if (count > 0) {
            counts.put(topic, count);
        }
        return count;
    }

    /** Re-reads every cached count if the last refresh is {@value #REFRESH_MS} ms old; on the sender thread. */
    void refreshIfDue(long nowNanos) {
        if (nowNanos - refreshedNanos < REFRESH_NANOS) {
            return;
        }
        refreshedNanos = nowNanos;
        last = null;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            Optional<List<PartitionInfo>> partitions = metadata.partitions(entry.getKey());
            int count = partitions.map(List::size).orElse(0);
            if (count > 0) {
                entry.setValue(count);
            }
        }
    }
}
