package io.petrel.broker.internal.group;

/**
 * The states of a consumer-protocol group, named as Kafka names them in ListGroups and ConsumerGroupDescribe. They
 * are derived, never set: Empty without members, Assigning while the target assignment lags the group epoch,
 * Reconciling while a member is not yet at the target, else Stable. Dead is only reported, for a group not known.
 */
enum ConsumerGroupState {
    EMPTY("Empty"),
    ASSIGNING("Assigning"),
    RECONCILING("Reconciling"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    ConsumerGroupState(String displayName) {
        this.displayName = displayName;
    }

    String displayName() {
        return displayName;
    }
}
