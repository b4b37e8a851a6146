package io.petrel.consumer.internal.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Assignment;
import io.petrel.consumer.PartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Random subscriptions and assignments at every version: our bytes are kafka-clients' bytes, and each side reads
 * what the other wrote. Every try draws its own seed from a fixed one and failures name it; {@code new Random(seed)}
 * fed to the same generators replays the try.
 */
class ConsumerProtocolCodecProperties {
    private static final String[] NAMES = {"t", "orders", "a.b_c-d", "ü-topic", "x".repeat(200), "zeta"};

    @Test
    void subscriptionsMatchKafkaAtEveryVersion() {
        Random seeds = new Random(20261201L);
        for (int i = 0; i < 1000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            Subscription subscription = subscription(random);
            short version = (short) random.nextInt(4);
            String what = "try " + i + " seed " + seed + " v" + version + ": " + subscription;
            ConsumerPartitionAssignor.Subscription kafka = KafkaAssignorBridge.toKafka(subscription);
            ByteBuffer ours = ConsumerProtocolCodec.encodeSubscription(subscription, version);
            ByteBuffer theirs = ConsumerProtocol.serializeSubscription(kafka, version);
            assertEquals(theirs, ours, what);
            Subscription read = ConsumerProtocolCodec.decodeSubscription(theirs);
            ConsumerPartitionAssignor.Subscription readByKafka = ConsumerProtocol.deserializeSubscription(ours);
            assertEquals(readByKafka.topics(), read.topics(), what);
            assertEquals(readByKafka.userData(), read.userData(), what);
            assertEquals(readByKafka.ownedPartitions().stream().map(KafkaAssignorBridge::fromKafka).toList(),
                    read.ownedPartitions(), what);
            assertEquals(readByKafka.generationId(), read.generationId(), what);
            assertEquals(readByKafka.rackId(), read.rackId(), what);
            assertEquals(version >= 2 ? subscription.generationId().filter(g -> g >= 0) : Optional.empty(),
                    read.generationId(), what);
        }
    }

    @Test
    void assignmentsMatchKafkaAtEveryVersion() {
        Random seeds = new Random(20261202L);
        for (int i = 0; i < 1000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            Assignment assignment = new Assignment(partitions(random), userData(random));
            short version = (short) random.nextInt(4);
            String what = "try " + i + " seed " + seed + " v" + version + ": " + assignment;
            ConsumerPartitionAssignor.Assignment kafka = new ConsumerPartitionAssignor.Assignment(
                    assignment.partitions().stream().map(KafkaAssignorBridge::toKafka).toList(),
                    assignment.userData() == null ? null : assignment.userData().duplicate());
            ByteBuffer ours = ConsumerProtocolCodec.encodeAssignment(assignment, version);
            assertEquals(ConsumerProtocol.serializeAssignment(kafka, version), ours, what);
            Assignment read = ConsumerProtocolCodec.decodeAssignment(ours);
            ConsumerPartitionAssignor.Assignment readByKafka = ConsumerProtocol.deserializeAssignment(ours.duplicate());
            assertEquals(readByKafka.partitions().stream().map(KafkaAssignorBridge::fromKafka).toList(),
                    read.partitions(), what);
            assertEquals(readByKafka.userData(), read.userData(), what);
            assertEquals(new LinkedHashSet<>(assignment.partitions()), new LinkedHashSet<>(read.partitions()), what);
        }
    }

    private static Subscription subscription(Random random) {
        List<String> topics = new ArrayList<>();
        for (int n = random.nextInt(5); n > 0; n--) {
            String topic = NAMES[random.nextInt(NAMES.length)];
            if (!topics.contains(topic)) {
                topics.add(topic);
            }
        }
        Optional<Integer> generation = switch (random.nextInt(3)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(random.nextInt(5));
            default -> Optional.of(random.nextInt(Integer.MAX_VALUE));
        };
        Optional<String> rack = switch (random.nextInt(3)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of("rack-" + random.nextInt(3));
            default -> Optional.of("ü" + random.nextInt(100));
        };
        return new Subscription(topics, userData(random), new ArrayList<>(new LinkedHashSet<>(partitions(random))),
                generation, rack);
    }

    private static List<TopicPartition> partitions(Random random) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int n = random.nextInt(12); n > 0; n--) {
            TopicPartition tp = new TopicPartition(NAMES[random.nextInt(NAMES.length)], random.nextInt(1000));
            if (!partitions.contains(tp)) {
                partitions.add(tp);
            }
        }
        return partitions;
    }

    private static ByteBuffer userData(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> ByteBuffer.allocate(0);
            default -> {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                yield ByteBuffer.wrap(bytes);
            }
        };
    }
}
