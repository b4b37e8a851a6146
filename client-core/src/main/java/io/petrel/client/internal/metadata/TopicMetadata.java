package io.petrel.client.internal.metadata;

import io.petrel.client.PartitionInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What is known of one topic: its id (null before Metadata v10) and its partitions by index. Immutable.
 */
record TopicMetadata(String name, UUID id, Map<Integer, PartitionInfo> partitions) {

    TopicMetadata {
        partitions = Collections.unmodifiableMap(new TreeMap<>(partitions));
    }

    static TopicMetadata of(String name, UUID id, List<PartitionInfo> partitions) {
        Map<Integer, PartitionInfo> byIndex = new TreeMap<>();
        for (PartitionInfo p : partitions) {
            byIndex.put(p.partition(), p);
        }
        return new TopicMetadata(name, id, byIndex);
    }

    List<PartitionInfo> partitionList() {
        return List.copyOf(new ArrayList<>(partitions.values()));
    }
}
