package io.petrel.consumer.internal.assignor;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.AbstractPartitionAssignor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Runs kafka-clients' assignors on Petrel's inputs and converts between the two sides' types, for comparisons. */
public final class KafkaAssignorBridge {
    private KafkaAssignorBridge() {
    }

    /** What Kafka's assignor assigns, per member, as sorted sets. */
    public static Map<String, Set<TopicPartition>> kafkaAssign(AbstractPartitionAssignor kafkaAssignor,
                                                               Map<String, Integer> partitionsPerTopic,
                                                               Map<String, Subscription> subscriptions) {
        Map<String, ConsumerPartitionAssignor.Subscription> kafkaSubscriptions = new HashMap<>();
        subscriptions.forEach((member, s) -> kafkaSubscriptions.put(member, toKafka(s)));
        Map<String, List<org.apache.kafka.common.TopicPartition>> result =
                kafkaAssignor.assign(new HashMap<>(partitionsPerTopic), kafkaSubscriptions);
        Map<String, Set<TopicPartition>> sets = new TreeMap<>();
        result.forEach((member, tps) -> sets.put(member, fromKafka(tps)));
        return sets;
    }

    /** Petrel's assignment as sorted sets per member. */
    public static Map<String, Set<TopicPartition>> asSets(
            Map<String, io.petrel.consumer.PartitionAssignor.Assignment> assignments) {
        Map<String, Set<TopicPartition>> sets = new TreeMap<>();
        assignments.forEach((member, a) -> {
            Set<TopicPartition> set = sortedSet();
            set.addAll(a.partitions());
            sets.put(member, set);
        });
        return sets;
    }

    public static ConsumerPartitionAssignor.Subscription toKafka(Subscription s) {
        return new ConsumerPartitionAssignor.Subscription(s.topics(),
                s.userData() == null ? null : s.userData().duplicate(),
                s.ownedPartitions().stream().map(KafkaAssignorBridge::toKafka).collect(Collectors.toList()),
                s.generationId().orElse(-1), s.rackId());
    }

    public static org.apache.kafka.common.TopicPartition toKafka(TopicPartition tp) {
        return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
    }

    public static TopicPartition fromKafka(org.apache.kafka.common.TopicPartition tp) {
        return new TopicPartition(tp.topic(), tp.partition());
    }

    public static Set<TopicPartition> fromKafka(List<org.apache.kafka.common.TopicPartition> tps) {
        Set<TopicPartition> set = sortedSet();
        tps.forEach(tp -> set.add(fromKafka(tp)));
        return set;
    }

    public static Set<TopicPartition> sortedSet() {
        return new TreeSet<>(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
    }
}
