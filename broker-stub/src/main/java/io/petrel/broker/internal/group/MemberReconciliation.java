package io.petrel.broker.internal.group;

import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Moves one consumer-protocol member toward its target assignment, one safe step at a time, by Kafka's rules
 * (KIP-848): partitions leaving the member are revoked first while it stays at its epoch; once it reports (in its
 * heartbeat's owned partitions) that it no longer holds them, it moves to the target epoch and is given the new
 * partitions; a partition another member still owns is held back (UNRELEASED_PARTITIONS) until released.
 */
final class MemberReconciliation {
    /** Who owns what: the epoch of the member holding a partition, or -1 when nobody does. */
    interface PartitionOwners {
        int ownerEpoch(UUID topic, int partition);
    }

    private MemberReconciliation() {
    }

    /**
     * The member's next state.
     *
     * @param owned what the member says it owns, or null when its heartbeat did not say
     */
    static ConsumerGroupMember next(ConsumerGroupMember member, int targetEpoch, PartitionAssignment target,
                                    PartitionOwners owners, PartitionAssignment owned) {
        return switch (member.state()) {
            case STABLE -> member.memberEpoch() == targetEpoch ? member
                    : step(member, member.memberEpoch(), member.assigned(), targetEpoch, target, owners, owned);
            case UNREVOKED_PARTITIONS -> stillOwnsAny(owned, member.pendingRevocation()) ? member
                    : step(member, member.memberEpoch(), member.assigned(), targetEpoch, target, owners, owned);
            case UNRELEASED_PARTITIONS ->
                    step(member, member.memberEpoch(), member.assigned(), targetEpoch, target, owners, owned);
        };
    }

    private static boolean stillOwnsAny(PartitionAssignment owned, PartitionAssignment revoking) {
        // Without a report the member is assumed to still hold them.
        return owned == null || owned.intersects(revoking);
    }

    private static ConsumerGroupMember step(ConsumerGroupMember member, int epoch, PartitionAssignment current,
                                            int targetEpoch, PartitionAssignment target, PartitionOwners owners,
                                            PartitionAssignment owned) {
        PartitionAssignment.Builder keep = new PartitionAssignment.Builder();
        PartitionAssignment.Builder revoke = new PartitionAssignment.Builder();
        PartitionAssignment.Builder add = new PartitionAssignment.Builder();
        boolean unreleased = false;
        Set<UUID> topics = new HashSet<>(target.partitions().keySet());
        topics.addAll(current.partitions().keySet());
        for (UUID topic : topics) {
            SortedSet<Integer> wanted = target.partitions(topic);
            for (int p : current.partitions(topic)) {
                if (wanted.contains(p)) {
                    keep.add(topic, p);
                } else {
                    revoke.add(topic, p);
                }
            }
            SortedSet<Integer> missing = new TreeSet<>(wanted);
            missing.removeAll(current.partitions(topic));
            for (int p : missing) {
                if (owners.ownerEpoch(topic, p) != -1) {
                    unreleased = true;
                } else {
                    add.add(topic, p);
                }
            }
        }
        PartitionAssignment kept = keep.build();
        PartitionAssignment revoking = revoke.build();
        PartitionAssignment adding = add.build();
        if (!revoking.isEmpty() && stillOwnsAny(owned, revoking)) {
            return member.reconciled(epoch, MemberReconciliationState.UNREVOKED_PARTITIONS, kept, revoking);
        }
        MemberReconciliationState state = unreleased ? MemberReconciliationState.UNRELEASED_PARTITIONS
                : MemberReconciliationState.STABLE;
        return member.reconciled(targetEpoch, state, kept.union(adding), PartitionAssignment.EMPTY);
    }

}
