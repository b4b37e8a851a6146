package io.petrel.broker.internal.group;

/**
 * Where a consumer-protocol member stands against the group's target assignment, as Kafka's coordinator tracks it:
 * in step with its epoch's target, waiting for it to give up partitions, or waiting for partitions other members
 * have not given up yet.
 */
enum MemberReconciliationState {
    /** The member has everything its target assignment gives it at its epoch. */
    STABLE((byte) 0),
    /** The member must revoke partitions before it moves to the new epoch. */
    UNREVOKED_PARTITIONS((byte) 1),
    /** The member is at the target epoch but some of its partitions are still owned by others. */
    UNRELEASED_PARTITIONS((byte) 2);

    private final byte id;

    MemberReconciliationState(byte id) {
        this.id = id;
    }

    /** Its code in the journal. */
    byte id() {
        return id;
    }

    static MemberReconciliationState forId(byte id) {
        for (MemberReconciliationState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown member state " + id);
    }
}
