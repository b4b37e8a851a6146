package io.petrel.interop;

import io.petrel.testsupport.Await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Waits the group tests share: members splitting a topic's partitions, each member reading, a member failing. */
final class GroupSplits {
    private GroupSplits() {
    }

    /** Waits until the members own disjoint, non-empty sets of partitions covering the topic's {@code partitions}. */
    static void awaitSplit(List<? extends GroupMember> members, int partitions, Duration wait, String what) {
        Await.until(wait, () -> what + " to split the " + partitions + " partitions, have " + owners(members), () -> {
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
    }

    /** Waits until each member has read more than it had, proof it consumes its partitions. */
    static void awaitEachReads(List<? extends GroupMember> members, GroupReadLog log, Duration wait) {
        Map<String, Integer> before = members.stream().collect(Collectors.toMap(GroupMember::name,
                m -> log.readBy(m.name())));
        Await.until(wait, () -> "each of " + before.keySet() + " to read records, read " + members.stream()
                .collect(Collectors.toMap(GroupMember::name, m -> log.readBy(m.name()))), () -> {
                    failFast(members);
                    return members.stream().allMatch(m -> log.readBy(m.name()) > before.get(m.name()));
                });
    }

    /** Throws the first member's failure, if one failed. */
    static void failFast(List<? extends GroupMember> members) {
        for (GroupMember m : members) {
            if (m.failure() != null) {
                throw new AssertionError(m.name() + " failed", m.failure());
            }
        }
    }

    static String owners(List<? extends GroupMember> members) {
        return members.stream().map(m -> m.name() + "=" + m.owned()).collect(Collectors.joining(", "));
    }
}
