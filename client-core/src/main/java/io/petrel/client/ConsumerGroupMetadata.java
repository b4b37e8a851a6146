package io.petrel.client;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a consumer is in its group, as a transactional producer's
 * {@code sendOffsetsToTransaction(offsets, groupMetadata)} needs it: the group coordinator refuses the offsets
 * of a member that is no longer in the generation that owns the partitions (a zombie), so a consumer
 * fenced by a rebalance cannot commit in a transaction. Get it from the consumer's {@code groupMetadata()}
 * after a poll; build one by hand only for a group no member has joined (generation -1, member "").
 *
 * @param groupId         the group
 * @param generationId    the member's generation, -1 when not in a generation
 * @param memberId        the member id the coordinator gave, "" when none
 * @param groupInstanceId the static member id (group.instance.id), if set
 */
public record ConsumerGroupMetadata(String groupId, int generationId, String memberId,
                                   Optional<String> groupInstanceId) {
    /** The generation of a consumer that has not joined its group. */
    public static final int UNKNOWN_GENERATION = -1;
    /** The member id of a consumer that has not joined its group. */
    public static final String UNKNOWN_MEMBER_ID = "";

    /** @throws NullPointerException for a null group id, member id or instance id option */
    public ConsumerGroupMetadata {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
    }

    /** The metadata of a group no member has joined: offsets are committed without a generation check. */
    public static ConsumerGroupMetadata of(String groupId) {
        return new ConsumerGroupMetadata(groupId, UNKNOWN_GENERATION, UNKNOWN_MEMBER_ID, Optional.empty());
    }
}
