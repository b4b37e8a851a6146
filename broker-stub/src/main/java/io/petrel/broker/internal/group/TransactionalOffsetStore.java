package io.petrel.broker.internal.group;

import io.petrel.protocol.ErrorCode;

import java.io.IOException;
import java.util.List;

/**
 * What the transaction coordinator needs from the group coordinator: whether a TxnOffsetCommit comes from a
 * current member of the group, and storing a committed transaction's offsets.
 */
public interface TransactionalOffsetStore {
    /**
     * NONE when the ids name a current member and generation of the group, or name no member at all (generation
     * -1, no member id: a producer committing for a group it is not part of, as Kafka allows); else
     * UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID or ILLEGAL_GENERATION.
     */
    ErrorCode validateMember(String group, int generationId, String memberId, String groupInstanceId);

    /** Stores the offsets a committed transaction carried for {@code group}. */
    void commit(String group, List<TransactionalOffset> offsets) throws IOException;
}
