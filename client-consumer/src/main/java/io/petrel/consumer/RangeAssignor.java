package io.petrel.consumer;

import io.petrel.client.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka's {@code range} assignor: each topic is split on its own into contiguous ranges, one per subscribed member.
 *
 * <p>For every topic, the members subscribing to it are sorted by member id; with {@code n} partitions and
 * {@code m} members each member gets {@code n / m} consecutive partitions and the first {@code n % m} members one
 * more. Because every topic starts again at the first member, members with several topics get partition {@code i}
 * of all of them, which is what makes range good for joins of co-partitioned topics and bad for balance across
 * many small topics.
 *
 * <p>Kafka's range assignor sorts static members (those with a {@code group.instance.id}) first, by instance id; the
 * assignor API here carries no instance ids, so members are sorted by member id only and assignments match Kafka's
 * whenever the group has no static members. Kafka 4.x also aligns partitions with consumers on the same rack when
 * consumers set {@code client.rack} and replicas sit on a subset of racks; that needs the replicas' racks, which
 * {@link #assign} is not given, so this assignor is never rack-aware. Both are the same result Kafka computes for a
 * group without racks and without static members.
 */
public final class RangeAssignor implements PartitionAssignor {
    /** The protocol name, as Kafka's. */
    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GroupAssignment assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        Map<String, List<String>> membersPerTopic = new TreeMap<>();
        subscriptions.forEach((member, subscription) -> subscription.topics().stream().distinct().forEach(
                topic -> membersPerTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(member)));

        Map<String, List<TopicPartition>> partitionsPerMember = new HashMap<>();
        subscriptions.keySet().forEach(member -> partitionsPerMember.put(member, new ArrayList<>()));
        membersPerTopic.forEach((topic, members) -> {
            Integer partitionCount = partitionsPerTopic.get(topic);
            if (partitionCount != null && partitionCount > 0) {
                members.sort(null);
                assignRanges(topic, partitionCount, members, partitionsPerMember);
            }
        });

        Map<String, Assignment> assignments = new HashMap<>();
        partitionsPerMember.forEach((member, partitions) -> assignments.put(member, new Assignment(partitions)));
        return new GroupAssignment(assignments);
    }

    private static void assignRanges(String topic, int partitionCount, List<String> sortedMembers,
                                     Map<String, List<TopicPartition>> partitionsPerMember) {
        int perMember = partitionCount / sortedMembers.size();
        int withExtra = partitionCount % sortedMembers.size();
        int next = 0;
        for (int i = 0; i < sortedMembers.size(); i++) {
            int count = perMember + (i < withExtra ? 1 : 0);
            List<TopicPartition> target = partitionsPerMember.get(sortedMembers.get(i));
            for (int p = next; p < next + count; p++) {
                target.add(new TopicPartition(topic, p));
            }
            next += count;
        }
    }
}
