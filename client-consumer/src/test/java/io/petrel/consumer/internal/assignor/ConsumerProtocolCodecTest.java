package io.petrel.consumer.internal.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Assignment;
import io.petrel.consumer.PartitionAssignor.Subscription;
import io.petrel.protocol.ProtocolException;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

class ConsumerProtocolCodecTest {
    private static final Subscription FULL = new Subscription(List.of("orders", "audit"),
            ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)),
            List.of(new TopicPartition("orders", 3), new TopicPartition("audit", 0), new TopicPartition("orders", 1)),
            Optional.of(42), Optional.of("rack-a"));

    @Test
    void kafkaReadsOurSubscriptionAtEveryVersionWithTheFieldsThatVersionCarries() {
        for (short version = 0; version <= 3; version++) {
            ConsumerPartitionAssignor.Subscription read =
                    ConsumerProtocol.deserializeSubscription(ConsumerProtocolCodec.encodeSubscription(FULL, version));
            assertEquals(List.of("audit", "orders"), read.topics(), "v" + version);
            assertEquals("hello", StandardCharsets.UTF_8.decode(read.userData()).toString(), "v" + version);
            assertEquals(version >= 1 ? List.of(kafka("audit", 0), kafka("orders", 1), kafka("orders", 3)) : List.of(),
                    read.ownedPartitions(), "v" + version);
            assertEquals(version >= 2 ? Optional.of(42) : Optional.empty(), read.generationId(), "v" + version);
            assertEquals(version >= 3 ? Optional.of("rack-a") : Optional.empty(), read.rackId(), "v" + version);
        }
    }

    @Test
    void ourSubscriptionBytesAreKafkasBytes() {
        for (short version = 0; version <= 3; version++) {
            assertEquals(ConsumerProtocol.serializeSubscription(KafkaAssignorBridge.toKafka(FULL), version),
                    ConsumerProtocolCodec.encodeSubscription(FULL, version), "v" + version);
        }
        assertEquals(ConsumerProtocol.serializeSubscription(KafkaAssignorBridge.toKafka(FULL)),
                ConsumerProtocolCodec.encodeSubscription(FULL), "both default to the newest version");
        assertEquals(3, ConsumerProtocolCodec.encodeSubscription(FULL).getShort(0));
    }

    @Test
    void weReadKafkasSubscriptionAtEveryVersion() {
        for (short version = 0; version <= 3; version++) {
            Subscription read = ConsumerProtocolCodec.decodeSubscription(
                    ConsumerProtocol.serializeSubscription(KafkaAssignorBridge.toKafka(FULL), version));
            assertEquals(List.of("audit", "orders"), read.topics(), "v" + version);
            assertEquals(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), read.userData(), "v" + version);
            assertEquals(version >= 1 ? List.of(new TopicPartition("audit", 0), new TopicPartition("orders", 1),
                    new TopicPartition("orders", 3)) : List.of(), read.ownedPartitions(), "v" + version);
            assertEquals(version >= 2 ? Optional.of(42) : Optional.empty(), read.generationId(), "v" + version);
            assertEquals(version >= 3 ? Optional.of("rack-a") : Optional.empty(), read.rackId(), "v" + version);
        }
    }

    @Test
    void absentUserDataGenerationAndRackStayAbsentBothWays() {
        Subscription bare = new Subscription(List.of("t"));
        Subscription read = ConsumerProtocolCodec.decodeSubscription(ConsumerProtocolCodec.encodeSubscription(bare));
        assertNull(read.userData());
        assertEquals(Optional.empty(), read.generationId());
        assertEquals(Optional.empty(), read.rackId());
        ConsumerPartitionAssignor.Subscription kafka =
                ConsumerProtocol.deserializeSubscription(ConsumerProtocolCodec.encodeSubscription(bare));
        assertNull(kafka.userData());
        assertEquals(Optional.empty(), kafka.generationId());
        assertEquals(Optional.empty(), kafka.rackId());
    }

    @Test
    void assignmentsCrossBothWaysAtEveryVersion() {
        Assignment assignment = new Assignment(List.of(new TopicPartition("b", 2), new TopicPartition("a", 0),
                new TopicPartition("b", 0)), ByteBuffer.wrap(new byte[] {1, 2, 3}));
        for (short version = 0; version <= 3; version++) {
            ByteBuffer ours = ConsumerProtocolCodec.encodeAssignment(assignment, version);
            ConsumerPartitionAssignor.Assignment kafkaAssignment = new ConsumerPartitionAssignor.Assignment(
                    assignment.partitions().stream().map(KafkaAssignorBridge::toKafka).toList(),
                    assignment.userData().duplicate());
            assertEquals(ConsumerProtocol.serializeAssignment(kafkaAssignment, version), ours, "v" + version);
            ConsumerPartitionAssignor.Assignment byKafka = ConsumerProtocol.deserializeAssignment(ours.duplicate());
            assertEquals(List.of(kafka("b", 2), kafka("b", 0), kafka("a", 0)), byKafka.partitions(), "v" + version);
            assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), byKafka.userData(), "v" + version);
            Assignment byUs = ConsumerProtocolCodec.decodeAssignment(
                    ConsumerProtocol.serializeAssignment(kafkaAssignment, version));
            assertEquals(List.of(new TopicPartition("b", 2), new TopicPartition("b", 0), new TopicPartition("a", 0)),
                    byUs.partitions(), "v" + version);
            assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), byUs.userData(), "v" + version);
        }
    }

    @Test
    void aNewerVersionIsReadAsTheNewestWeKnowAsKafkaDoes() {
        ByteBuffer v3 = ConsumerProtocolCodec.encodeSubscription(FULL);
        ByteBuffer v9 = ByteBuffer.allocate(v3.remaining() + 4);
        v9.put(v3.duplicate()).putInt(12345).flip();
        v9.putShort(0, (short) 9);
        Subscription read = ConsumerProtocolCodec.decodeSubscription(v9);
        assertEquals(Optional.of(42), read.generationId());
        assertEquals(Optional.of("rack-a"), read.rackId());
        assertEquals(Optional.of(42), ConsumerProtocol.deserializeSubscription(v9.duplicate()).generationId());
    }

    @Test
    void decodingLeavesTheCallersBufferAlone() {
        ByteBuffer bytes = ConsumerProtocolCodec.encodeSubscription(FULL);
        int position = bytes.position();
        ConsumerProtocolCodec.decodeSubscription(bytes);
        assertEquals(position, bytes.position());
    }

    @Test
    void badBytesAreAProtocolExceptionSayingWhatIsWrong() {
        ByteBuffer negative = ByteBuffer.allocate(2).putShort(0, (short) -1);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ConsumerProtocolCodec.decodeSubscription(negative));
        assertTrue(e.getMessage().contains("version -1"), e.getMessage());
        e = assertThrows(ProtocolException.class, () -> ConsumerProtocolCodec.decodeAssignment(ByteBuffer.allocate(1)));
        assertTrue(e.getMessage().contains("2-byte version"), e.getMessage());
        ByteBuffer cut = ConsumerProtocolCodec.encodeSubscription(FULL);
        cut.limit(cut.limit() - 3);
        assertThrows(ProtocolException.class, () -> ConsumerProtocolCodec.decodeSubscription(cut));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ConsumerProtocolCodec.encodeSubscription(FULL, (short) 4));
        assertTrue(bad.getMessage().contains("version 4"), bad.getMessage());
    }

    private static org.apache.kafka.common.TopicPartition kafka(String topic, int partition) {
        return new org.apache.kafka.common.TopicPartition(topic, partition);
    }
}
