package io.petrel.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class RangeAssignorTest {
    private final RangeAssignor assignor = new RangeAssignor();

    @Test
    void eachTopicIsSplitIntoRangesStartingAtTheFirstMember() {
        Map<String, PartitionAssignor.Assignment> result = assignor.assign(Map.of("t0", 3, "t1", 3),
                Map.of("c1", new Subscription(List.of("t0", "t1")), "c0", new Subscription(List.of("t0", "t1"))))
                .assignments();
        assertEquals(List.of(tp("t0", 0), tp("t0", 1), tp("t1", 0), tp("t1", 1)), result.get("c0").partitions());
        assertEquals(List.of(tp("t0", 2), tp("t1", 2)), result.get("c1").partitions());
    }

    @Test
    void membersGetOnlyTopicsTheySubscribeToAndMissingTopicsAreSkipped() {
        Map<String, PartitionAssignor.Assignment> result = assignor.assign(Map.of("a", 5, "b", 0),
                Map.of("m1", new Subscription(List.of("a", "b", "unknown")), "m2", new Subscription(List.of("b")),
                        "m0", new Subscription(List.of("a"))))
                .assignments();
        assertEquals(List.of(tp("a", 0), tp("a", 1), tp("a", 2)), result.get("m0").partitions());
        assertEquals(List.of(tp("a", 3), tp("a", 4)), result.get("m1").partitions());
        assertEquals(List.of(), result.get("m2").partitions());
    }

    @Test
    void moreMembersThanPartitionsLeavesTheLastMembersEmpty() {
        Map<String, PartitionAssignor.Assignment> result = assignor.assign(Map.of("t", 2),
                Map.of("a", new Subscription(List.of("t")), "b", new Subscription(List.of("t")),
                        "c", new Subscription(List.of("t")))).assignments();
        assertEquals(List.of(tp("t", 0)), result.get("a").partitions());
        assertEquals(List.of(tp("t", 1)), result.get("b").partitions());
        assertEquals(List.of(), result.get("c").partitions());
        assertEquals("range", assignor.name());
        assertEquals(List.of(PartitionAssignor.RebalanceProtocol.EAGER), assignor.supportedProtocols());
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}
