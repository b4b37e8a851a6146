package io.petrel.broker.internal.group;

/**
 * Whether a group has an offset for a partition pending in an open transaction: OffsetFetch with
 * require_stable (KIP-447) answers UNSTABLE_OFFSET_COMMIT for it, so a consumer never starts from an
 * offset a transaction may still change. Implementations must not take a lock the group coordinator's
 * callers could hold.
 */
@FunctionalInterface
public interface PendingTransactionalOffsets {
    /** None pending: what a broker without transactions answers. */
    PendingTransactionalOffsets NONE = (group, topic, partition) -> false;

    boolean isPending(String group, String topic, int partition);
}
