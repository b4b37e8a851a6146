package io.petrel.interop;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The check the group tests end with: the group's committed offsets, read with kafka-clients' Admin. */
final class CommittedOffsets {
    private CommittedOffsets() {
    }

    /** Asserts the group committed exactly the log end of each of the topic's partitions (-1: nothing committed). */
    static void assertAtLogEnds(String bootstrap, String group, String topic, long[] ends) {
        try (Admin admin = Interop.admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    Interop.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            for (int p = 0; p < ends.length; p++) {
                OffsetAndMetadata c = committed.get(new TopicPartition(topic, p));
                assertEquals(ends[p], c == null ? -1 : c.offset(), "committed offset of partition " + p);
            }
        }
    }
}
