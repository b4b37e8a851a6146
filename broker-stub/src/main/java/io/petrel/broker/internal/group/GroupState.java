package io.petrel.broker.internal.group;

import java.util.Set;

/**
 * The states of a classic group, named as Kafka names them in DescribeGroups and ListGroups.
 *
 * <p>A group moves Empty -> PreparingRebalance (members join) -> CompletingRebalance (the leader
 * assigns) -> Stable, and back to PreparingRebalance whenever membership or subscriptions change. Dead
 * is only ever reported, for a group this coordinator does not know.
 */
enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The name on the wire, e.g. {@code "PreparingRebalance"}. */
    String displayName() {
        return displayName;
    }

    /** The states a group may enter this one from. */
    Set<GroupState> validPrevious() {
        return switch (this) {
            case EMPTY -> Set.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> Set.of(STABLE, COMPLETING_REBALANCE, EMPTY);
            case COMPLETING_REBALANCE -> Set.of(PREPARING_REBALANCE);
            case STABLE -> Set.of(COMPLETING_REBALANCE);
            case DEAD -> Set.of(STABLE, PREPARING_REBALANCE, COMPLETING_REBALANCE, EMPTY, DEAD);
        };
    }
}
