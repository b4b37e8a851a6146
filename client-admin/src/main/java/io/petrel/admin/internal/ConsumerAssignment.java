package io.petrel.admin.internal;

import io.petrel.client.TopicPartition;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerProtocolAssignment;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the partitions out of a consumer group member's assignment bytes (the consumer protocol's Assignment). */
final class ConsumerAssignment {
    private ConsumerAssignment() {
    }

    static List<TopicPartition> decode(byte[] bytes) {
        if (bytes == null || bytes.length < 2) {
            return List.of();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        // A newer assignment version starts with the fields of the newest one we know, as Kafka's clients assume.
        short version = (short) Math.min(buffer.getShort(), ConsumerProtocolAssignment.SCHEMA.validVersions().highest());
        Message assignment = ConsumerProtocolAssignment.SCHEMA.read(buffer, version);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Message t : assignment.get(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS)) {
            String topic = t.get(ConsumerProtocolAssignment.TopicPartition.TOPIC);
            for (int p : t.get(ConsumerProtocolAssignment.TopicPartition.PARTITIONS)) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }
}
