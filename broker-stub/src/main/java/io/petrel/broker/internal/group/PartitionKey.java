package io.petrel.broker.internal.group;

import java.util.Comparator;

/** A topic partition as the offset store keys it; ordered by topic, then partition. */
record PartitionKey(String topic, int partition) implements Comparable<PartitionKey> {
    private static final Comparator<PartitionKey> ORDER =
            Comparator.comparing(PartitionKey::topic).thenComparingInt(PartitionKey::partition);

    @Override
    public int compareTo(PartitionKey other) {
        return ORDER.compare(this, other);
    }
}
