package io.petrel.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class RoundRobinAssignorTest {
    private final RoundRobinAssignor assignor = new RoundRobinAssignor();

    @Test
    void allPartitionsAreDealtToTheSortedMembersInTurn() {
        Map<String, PartitionAssignor.Assignment> result = assignor.assign(Map.of("t1", 3, "t0", 3),
                Map.of("c1", new Subscription(List.of("t0", "t1")), "c0", new Subscription(List.of("t1", "t0"))))
                .assignments();
        assertEquals(List.of(tp("t0", 0), tp("t0", 2), tp("t1", 1)), result.get("c0").partitions());
        assertEquals(List.of(tp("t0", 1), tp("t1", 0), tp("t1", 2)), result.get("c1").partitions());
    }

    @Test
    void membersNotSubscribedToATopicAreSkippedInTheirTurn() {
        // Kafka's own documented example: C0 has t0; C1 has t0, t1; C2 has t0, t1, t2 (1, 2, 3 partitions).
        Map<String, PartitionAssignor.Assignment> result = assignor.assign(Map.of("t0", 1, "t1", 2, "t2", 3),
                Map.of("C0", new Subscription(List.of("t0")), "C1", new Subscription(List.of("t0", "t1")),
                        "C2", new Subscription(List.of("t0", "t1", "t2")))).assignments();
        assertEquals(List.of(tp("t0", 0)), result.get("C0").partitions());
        assertEquals(List.of(tp("t1", 0)), result.get("C1").partitions());
        assertEquals(List.of(tp("t1", 1), tp("t2", 0), tp("t2", 1), tp("t2", 2)), result.get("C2").partitions());
        assertEquals("roundrobin", assignor.name());
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}
