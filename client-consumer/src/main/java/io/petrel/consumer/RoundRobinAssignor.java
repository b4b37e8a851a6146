package io.petrel.consumer;

import io.petrel.client.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka's {@code roundrobin} assignor: all partitions of all subscribed topics, sorted by topic then partition, are
 * dealt out one at a time to the members sorted by member id, skipping a member whose subscription lacks the
 * partition's topic.
 *
 * <p>With identical subscriptions the members' counts differ by at most one; with different subscriptions the
 * dealing can leave members unbalanced, as Kafka's does. Kafka deals to static members first (by
 * {@code group.instance.id}); the assignor API here carries no instance ids, so members are ordered by member id and
 * the result matches Kafka's for groups without static members.
 */
public final class RoundRobinAssignor implements PartitionAssignor {
    /** The protocol name, as Kafka's. */
    public static final String NAME = "roundrobin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GroupAssignment assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        List<String> members = new ArrayList<>(subscriptions.keySet());
        members.sort(null);
        Map<String, Set<String>> topicsPerMember = new HashMap<>();
        Set<String> allTopics = new TreeSet<>();
        subscriptions.forEach((member, subscription) -> {
            topicsPerMember.put(member, new HashSet<>(subscription.topics()));
            allTopics.addAll(subscription.topics());
        });

        Map<String, List<TopicPartition>> partitionsPerMember = new HashMap<>();
        members.forEach(member -> partitionsPerMember.put(member, new ArrayList<>()));
        int next = 0;
        for (String topic : allTopics) {
            Integer partitionCount = partitionsPerTopic.get(topic);
            for (int p = 0; partitionCount != null && p < partitionCount; p++) {
                // Some member subscribes to every topic in allTopics, so this search always ends.
                while (!topicsPerMember.get(members.get(next)).contains(topic)) {
                    next = (next + 1) % members.size();
                }
                partitionsPerMember.get(members.get(next)).add(new TopicPartition(topic, p));
                next = (next + 1) % members.size();
            }
        }

        Map<String, Assignment> assignments = new HashMap<>();
        partitionsPerMember.forEach((member, partitions) -> assignments.put(member, new Assignment(partitions)));
        return new GroupAssignment(assignments);
    }
}
