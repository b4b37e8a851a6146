package io.petrel.consumer.internal.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor;
import io.petrel.consumer.RangeAssignor;
import io.petrel.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.internals.AbstractPartitionAssignor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Range and round robin compute exactly kafka-clients' assignments on random groups (members, topics, partition
 * counts, identical or different subscriptions). Failures name the try's seed; {@code new Random(seed)} fed to
 * {@link RandomGroups#group} replays the group.
 */
class EagerAssignorsAgainstKafkaProperties {
    @Test
    void rangeAssignsWhatKafkasRangeAssigns() {
        sameAsKafka(new RangeAssignor(), org.apache.kafka.clients.consumer.RangeAssignor::new, 20261203L);
    }

    @Test
    void roundRobinAssignsWhatKafkasRoundRobinAssigns() {
        sameAsKafka(new RoundRobinAssignor(), org.apache.kafka.clients.consumer.RoundRobinAssignor::new, 20261204L);
    }

    private static void sameAsKafka(PartitionAssignor ours, Supplier<AbstractPartitionAssignor> kafka, long fixedSeed) {
        Random seeds = new Random(fixedSeed);
        for (int i = 0; i < 2000; i++) {
            long seed = seeds.nextLong();
            RandomGroups.Group group = RandomGroups.group(new Random(seed), i % 2 == 0, false);
            String what = ours.name() + " try " + i + " seed " + seed + ": " + group;
            Map<String, Set<TopicPartition>> expected =
                    KafkaAssignorBridge.kafkaAssign(kafka.get(), group.partitionsPerTopic(), group.subscriptions());
            Map<String, Set<TopicPartition>> actual = KafkaAssignorBridge.asSets(
                    ours.assign(group.partitionsPerTopic(), group.subscriptions()).assignments());
            assertEquals(expected, actual, what);
        }
    }
}
