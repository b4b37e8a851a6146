package io.petrel.producer.internal;

import io.petrel.client.PartitionInfo;
import io.petrel.client.Time;
import io.petrel.client.internal.ClusterMetadata;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * How many partitions each topic has, as send() needs it for every record, read from the cluster
 * metadata at most once per {@value #REFRESH_MS} ms per topic.
 *
 * <p>Why: {@link ClusterMetadata#partitions} builds a new list on each call, too costly once per record.
 * A count this stale is harmless: partitions are only ever added, and a record for one not yet known
 * here simply goes to one of the others, as it would have a moment earlier.
 */
final class PartitionCounts {
    private static final long REFRESH_MS = 1_000;

    private record Count(int partitions, long readNanos) {
    }

    private final ClusterMetadata metadata;
    private final Time time;
    private final ConcurrentMap<String, Count> counts = new ConcurrentHashMap<>();

    PartitionCounts(ClusterMetadata metadata, Time time) {
        this.metadata = metadata;
        this.time = time;
    }

    /** The topic's partition count, or 0 while its metadata is not known. */
    int of(String topic) {
        long now = time.nanoseconds();
        Count cached = counts.get(topic);
        if (cached != null && now - cached.readNanos() < TimeUnit.MILLISECONDS.toNanos(REFRESH_MS)) {
            return cached.partitions();
        }
        Optional<List<PartitionInfo>> partitions = metadata.partitions(topic);
        int count = partitions.map(List::size).orElse(0);
        if (count > 0) {
            counts.put(topic, new Count(count, now));
        }
        return count;
    }
}
