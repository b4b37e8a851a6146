package io.petrel.consumer.internal.assignor;

import io.petrel.consumer.PartitionAssignor.Subscription;

import java.nio.ByteBuffer;

/**
 * The user data of the {@code cooperative-sticky} protocol: the member's generation as one big-endian int32, as
 * Kafka's CooperativeStickyAssignor writes it.
 *
 * <p>Subscriptions of version 2 and later carry the generation in their own field and that one wins; the user data
 * only matters for members that send version 0 or 1. Unreadable user data (fewer than 4 bytes) counts as generation
 * -1, as in Kafka, so such a member's owned partitions lose every conflict with a member that knows its generation.
 */
public final class CooperativeStickyUserData {
    /** The generation of a member that has not been assigned anything yet, or whose generation is unknown. */
    public static final int NO_GENERATION = -1;

    private CooperativeStickyUserData() {
    }

    /** The 4-byte user data for {@code generation}, ready to read. */
    public static ByteBuffer encode(int generation) {
        return ByteBuffer.allocate(4).putInt(0, generation);
    }

    /** The generation a subscription's owned partitions belong to, or {@link #NO_GENERATION}. */
    public static int generationOf(Subscription subscription) {
        if (subscription.generationId().isPresent()) {
            return subscription.generationId().get();
        }
        ByteBuffer userData = subscription.userData();
        if (userData == null || userData.remaining() < 4) {
            return NO_GENERATION;
        }
        return userData.getInt(userData.position());
    }
}
