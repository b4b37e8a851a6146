package io.petrel.interop;

import io.petrel.testsupport.Await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the group tests wait for among their {@link GroupMember}s: a clean split of the partitions, and reading. */
final class GroupChecks {
    private GroupChecks() {
    }

    /**
     * Waits until the members own disjoint, non-empty sets of partitions covering the topic's {@code partitions},
     * and checks that Petrel and Kafka members both own some when both kinds are among them.
     */
    static void awaitSplit(int partitions, Duration wait, List<GroupMember> members, String what) {
        Await.until(wait, () -> what + " to split the " + partitions + " partitions, have " + owners(members),
                () -> {
                    failFast(members);
                    Set<Integer> union = new HashSet<>();
                    int sum = 0;
                    for (GroupMember m : members) {
                        Set<Integer> owned = m.owned();
                        if (owned.isEmpty()) {
                            return false;
                        }
                        union.addAll(owned);
                        sum += owned.size();
                    }
                    return sum == partitions && union.size() == partitions;
                });
        Set<String> kinds = members.stream().map(GroupMember::kind).collect(Collectors.toSet());
        Set<String> owningKinds = members.stream().filter(m -> !m.owned().isEmpty()).map(GroupMember::kind)
                .collect(Collectors.toSet());
        assertEquals(kinds, owningKinds, () -> "kinds of member owning partitions: " + owners(members));
    }

    /** Waits until each member has read more than it had, proof it consumes its partitions. */
    static void awaitEachReads(Duration wait, List<GroupMember> members, GroupReadLog log) {
        Map<String, Integer> before = members.stream().collect(Collectors.toMap(GroupMember::name, m -> log.readBy(m.name())));
        Await.until(wait, () -> "each of " + before.keySet() + " to read records, read " + members.stream()
                .collect(Collectors.toMap(GroupMember::name, m -> log.readBy(m.name()))), () -> {
                    failFast(members);
                    return members.stream().allMatch(m -> log.readBy(m.name()) > before.get(m.name()));
                });
    }

    private static void failFast(List<GroupMember> members) {
        for (GroupMember m : members) {
            if (m.failure() != null) {
                throw new AssertionError(m.name() + " failed", m.failure());
            }
        }
    }

    private static String owners(List<GroupMember> members) {
        return members.stream().map(m -> m.name() + "=" + m.owned()).collect(Collectors.joining(", "));
    }
}
