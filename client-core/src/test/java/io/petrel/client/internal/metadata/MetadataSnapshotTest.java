package io.petrel.client.internal.metadata;

import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How responses are merged into the cache. */
class MetadataSnapshotTest {
    private static final Node N1 = new Node(1, "h1", 9092, null);
    private static final Node N2 = new Node(2, "h2", 9092, null);
    private static final UUID ID = UUID.randomUUID();

    private static PartitionInfo partition(int index, Node leader, int epoch) {
        return new PartitionInfo("t", index, leader, epoch, List.of(N1, N2), List.of(N1, N2));
    }

    private static MetadataUpdate update(UUID id, ErrorCode error, PartitionInfo... partitions) {
        return new MetadataUpdate(Map.of(1, N1, 2, N2), "cluster", ErrorCode.NONE,
                List.of(new MetadataUpdate.TopicResult("t", id, error, List.of(partitions))));
    }

    @Test
    void newerEpochsReplaceAndOlderOnesAreIgnored() {
        MetadataSnapshot first = MetadataSnapshot.EMPTY.apply(update(ID, ErrorCode.NONE,
                partition(1, N1, 5), partition(0, N1, 5))).snapshot();
        assertEquals(List.of(0, 1), first.topic("t").partitionList().stream().map(PartitionInfo::partition).toList());
        assertEquals("t", first.names().get(ID));
        assertEquals("cluster", first.clusterId());

        MetadataSnapshot.Applied stale = first.apply(update(ID, ErrorCode.NONE, partition(1, N2, 6), partition(0, N2, 4)));
        assertTrue(stale.staleEpochSeen());
        assertEquals(N1, stale.snapshot().topic("t").partitions().get(0).leader());
        assertEquals(N2, stale.snapshot().topic("t").partitions().get(1).leader());
    }

    @Test
    void unsortedPartitionsAreNotMistakenForStaleOnes() {
        MetadataSnapshot first = MetadataSnapshot.EMPTY.apply(update(ID, ErrorCode.NONE,
                partition(0, N1, 5), partition(1, N1, 5))).snapshot();
        assertFalse(first.apply(update(ID, ErrorCode.NONE, partition(1, N1, 5), partition(0, N1, 5))).staleEpochSeen());
    }

    @Test
    void aRecreatedTopicReplacesTheOldOneWhateverItsEpochs() {
        MetadataSnapshot first = MetadataSnapshot.EMPTY.apply(update(ID, ErrorCode.NONE, partition(0, N1, 9))).snapshot();
        UUID newId = UUID.randomUUID();
        MetadataSnapshot.Applied second = first.apply(update(newId, ErrorCode.NONE, partition(0, N2, 0)));
        assertFalse(second.staleEpochSeen());
        assertEquals(N2, second.snapshot().topic("t").partitions().get(0).leader());
        assertEquals("t", second.snapshot().names().get(newId));
        assertNull(second.snapshot().names().get(ID));
    }

    @Test
    void aTopicReportedWithAnErrorIsDropped() {
        MetadataSnapshot first = MetadataSnapshot.EMPTY.apply(update(ID, ErrorCode.NONE, partition(0, N1, 1))).snapshot();
        MetadataSnapshot second = first.apply(update(null, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)).snapshot();
        assertNull(second.topic("t"));
        assertTrue(second.readyPartitions("t").isEmpty());
    }
}
