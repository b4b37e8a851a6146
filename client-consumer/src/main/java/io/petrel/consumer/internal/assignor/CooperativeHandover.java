package io.petrel.consumer.internal.assignor;

import io.petrel.client.TopicPartition;

import java.util.List;
import java.util.Map;

/**
 * The cooperative protocol's rule for moving a partition: it is first revoked by its owner, and only assigned to its
 * new member in the next rebalance, which the owner's revocation triggers. So the assignment computed by the sticky
 * algorithm is trimmed: a partition going to a member other than its owner, or a partition contested by members of
 * the same generation, is left out this round.
 */
public final class CooperativeHandover {
    private CooperativeHandover() {
    }

    /** Removes from {@code assignment} (in place) every partition that must be revoked before it moves. */
    public static void withholdPartitionsStillOwned(Map<String, List<TopicPartition>> assignment,
                                                    PreviousOwnership ownership) {
        assignment.forEach((member, partitions) -> partitions.removeIf(tp -> {
            String owner = ownership.ownerOf(tp);
            return ownership.isContested(tp) || owner != null && !owner.equals(member);
        }));
    }
}
