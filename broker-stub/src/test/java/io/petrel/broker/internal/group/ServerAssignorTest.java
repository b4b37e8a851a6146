package io.petrel.broker.internal.group;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-side assignors over seeded random groups: complete, disjoint, balanced, and sticky where they must. */
class ServerAssignorTest {
    private static final List<UUID> TOPICS = List.of(new UUID(1, 1), new UUID(2, 2), new UUID(3, 3), new UUID(4, 4));

    private static void assertValid(ServerAssignor.Input input, Map<String, PartitionAssignment> out, String seed) {
        assertEquals(input.subscriptions().keySet(), out.keySet(), seed);
        Map<UUID, Set<Integer>> seen = new HashMap<>();
        out.forEach((member, a) -> a.partitions().forEach((topic, ps) -> {
            assertTrue(input.subscriptions().get(member).contains(topic), seed + ": " + member + " got " + topic);
            for (int p : ps) {
                assertTrue(seen.computeIfAbsent(topic, t -> new HashSet<>()).add(p), seed + ": " + topic + "-" + p
                        + " given twice");
            }
        }));
        for (UUID topic : input.partitionCounts().keySet()) {
            boolean subscribed = input.subscriptions().values().stream().anyMatch(s -> s.contains(topic));
            assertEquals(subscribed ? input.partitionCounts().get(topic) : 0,
                    seen.getOrDefault(topic, Set.of()).size(), seed + ": every partition of " + topic + " assigned");
        }
    }

    @Test
    void uniformIsCompleteDisjointBalancedAndStickyOverRandomGroups() {
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            Map<UUID, Integer> counts = new HashMap<>();
            int topics = 1 + random.nextInt(TOPICS.size());
            for (int t = 0; t < topics; t++) {
                counts.put(TOPICS.get(t), 1 + random.nextInt(12));
            }
            boolean homogeneous = random.nextBoolean();
            SortedMap<String, Set<UUID>> subscriptions = new TreeMap<>();
            int members = 1 + random.nextInt(8);
            for (int m = 0; m < members; m++) {
                Set<UUID> s = new TreeSet<>();
                for (UUID topic : counts.keySet()) {
                    if (homogeneous || random.nextBoolean()) {
                        s.add(topic);
                    }
                }
                subscriptions.put("m" + m, s);
            }
            UniformAssignor uniform = new UniformAssignor();
            ServerAssignor.Input first = new ServerAssignor.Input(subscriptions, counts, Map.of());
            Map<String, PartitionAssignment> out = uniform.assign(first);
            assertValid(first, out, "seed " + seed);
            if (!homogeneous) {
                continue;
            }
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            int min = out.values().stream().mapToInt(PartitionAssignment::size).min().orElseThrow();
            int max = out.values().stream().mapToInt(PartitionAssignment::size).max().orElseThrow();
            assertTrue(max - min <= 1, "seed " + seed + ": loads " + min + ".." + max);

            SortedMap<String, Set<UUID>> grown = new TreeMap<>(subscriptions);
            grown.put("new", new TreeSet<>(counts.keySet()));
            ServerAssignor.Input second = new ServerAssignor.Input(grown, counts, out);
            Map<String, PartitionAssignment> next = uniform.assign(second);
            assertValid(second, next, "seed " + seed + " grown");
            int quota = total / grown.size();
            for (String m : subscriptions.keySet()) {
                int kept = 0;
                for (var e : out.get(m).partitions().entrySet()) {
                    for (int p : e.getValue()) {
                        kept += next.get(m).contains(e.getKey(), p) ? 1 : 0;
                    }
                }
                assertTrue(kept >= Math.min(out.get(m).size(), quota), "seed " + seed + ": " + m + " kept " + kept
                        + " of " + out.get(m).size() + " with a quota of " + quota);
            }
        }
    }

    @Test
    void rangeIsCompleteAndGivesTheFirstMembersTheExtraPartitions() {
        for (long seed = 0; seed < 100; seed++) {
            Random random = new Random(seed);
            Map<UUID, Integer> counts = Map.of(TOPICS.get(0), 1 + random.nextInt(10), TOPICS.get(1), 1 + random.nextInt(10));
            SortedMap<String, Set<UUID>> subscriptions = new TreeMap<>();
            for (int m = 0; m < 1 + random.nextInt(5); m++) {
                subscriptions.put("m" + m, Set.of(TOPICS.get(0), TOPICS.get(1)));
            }
            ServerAssignor.Input input = new ServerAssignor.Input(subscriptions, counts, Map.of());
            assertValid(input, new RangeAssignor().assign(input), "seed " + seed);
        }
        SortedMap<String, Set<UUID>> two = new TreeMap<>(Map.of("a", Set.of(TOPICS.get(0)), "b", Set.of(TOPICS.get(0))));
        Map<String, PartitionAssignment> out = new RangeAssignor().assign(
                new ServerAssignor.Input(two, Map.of(TOPICS.get(0), 5), Map.of()));
        assertEquals(Set.of(0, 1, 2), out.get("a").partitions(TOPICS.get(0)));
        assertEquals(Set.of(3, 4), out.get("b").partitions(TOPICS.get(0)));
    }
}
