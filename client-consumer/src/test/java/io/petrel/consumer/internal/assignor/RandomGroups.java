package io.petrel.consumer.internal.assignor;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.PartitionAssignor.Subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random consumer groups for assignor properties: topics with random partition counts, members with random ids,
 * identical or random subscriptions, and owned partitions from a random earlier assignment, some of them claimed
 * twice and some of topics that are gone. Generations travel in the subscription (v2+) or, for some members, only
 * in the cooperative-sticky user data (v0/v1). Everything is drawn from the given Random, so a seed replays a group.
 */
public final class RandomGroups {
    private RandomGroups() {
    }

    /** A group: what the leader's assignor is given. */
    public record Group(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("partitions ").append(new TreeMap<>(partitionsPerTopic));
            new TreeMap<>(subscriptions).forEach((m, s) -> sb.append("\n  ").append(m).append(": topics ")
                    .append(s.topics()).append(" owned ").append(s.ownedPartitions()).append(" gen ")
                    .append(s.generationId().map(String::valueOf)
                            .orElse("userData " + CooperativeStickyUserData.generationOf(s))));
            return sb.toString();
        }
    }

    /**
     * A random group.
     *
     * @param uniform whether every member subscribes to the same topics
     * @param owned   whether members own partitions from an earlier assignment
     */
    public static Group group(Random random, boolean uniform, boolean owned) {
        int topicCount = 1 + random.nextInt(5);
        Map<String, Integer> counts = new TreeMap<>();
        for (int t = 0; t < topicCount; t++) {
            counts.put("topic-" + (char) ('a' + random.nextInt(26)) + t, random.nextInt(13));
        }
        List<String> topics = new ArrayList<>(counts.keySet());
        int memberCount = 1 + random.nextInt(10);
        List<String> members = new ArrayList<>();
        for (int m = 0; m < memberCount; m++) {
            members.add("consumer-" + Integer.toHexString(random.nextInt()) + "-" + m);
        }
        Map<String, List<String>> topicsOf = new HashMap<>();
        List<String> common = randomSubset(random, topics);
        for (String member : members) {
            topicsOf.put(member, uniform ? common : randomSubset(random, topics));
        }
        Map<String, List<TopicPartition>> ownedBy = new HashMap<>();
        members.forEach(m -> ownedBy.put(m, new ArrayList<>()));
        if (owned) {
            drawOwnership(random, counts, members, topicsOf, ownedBy);
        }
        int baseGeneration = 1 + random.nextInt(20);
        Map<String, Subscription> subscriptions = new HashMap<>();
        for (String member : members) {
            int generation = owned ? baseGeneration - (random.nextInt(6) == 0 ? 1 + random.nextInt(2) : 0) : -1;
            boolean inUserData = random.nextInt(5) == 0;
            Optional<Integer> generationId = inUserData || generation < 0 ? Optional.empty() : Optional.of(generation);
            List<TopicPartition> ownedPartitions = ownedBy.get(member);
            java.util.Collections.shuffle(ownedPartitions, random);
            subscriptions.put(member, new Subscription(topicsOf.get(member), CooperativeStickyUserData.encode(generation),
                    ownedPartitions, generationId, Optional.empty()));
        }
        // A leader only has metadata for the topics its members subscribe to.
        Map<String, Integer> subscribed = new TreeMap<>();
        topicsOf.values().forEach(ts -> ts.forEach(t -> subscribed.put(t, counts.get(t))));
        return new Group(subscribed, subscriptions);
    }

    private static void drawOwnership(Random random, Map<String, Integer> counts, List<String> members,
                                      Map<String, List<String>> topicsOf, Map<String, List<TopicPartition>> ownedBy) {
        double unowned = random.nextDouble() * 0.5;
        counts.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                if (random.nextDouble() < unowned) {
                    continue;
                }
                // Mostly a subscriber owns it; sometimes a member that has since changed its subscription.
                List<String> candidates = members.stream().filter(m -> topicsOf.get(m).contains(topic)).toList();
                if (candidates.isEmpty() || random.nextInt(10) == 0) {
                    candidates = members;
                }
                String owner = candidates.get(random.nextInt(candidates.size()));
                ownedBy.get(owner).add(new TopicPartition(topic, p));
                if (random.nextInt(15) == 0) {
                    ownedBy.get(members.get(random.nextInt(members.size())))
                            .add(new TopicPartition(topic, p));
                }
            }
        });
        if (random.nextInt(4) == 0) {
            ownedBy.get(members.get(0)).add(new TopicPartition("topic-deleted", random.nextInt(3)));
        }
        ownedBy.replaceAll((m, tps) -> new ArrayList<>(new java.util.LinkedHashSet<>(tps)));
    }

    private static List<String> randomSubset(Random random, List<String> topics) {
        List<String> subset = new ArrayList<>();
        for (String topic : topics) {
            if (random.nextBoolean()) {
                subset.add(topic);
            }
        }
        if (subset.isEmpty()) {
            subset.add(topics.get(random.nextInt(topics.size())));
        }
        return subset;
    }
}
