package io.petrel.client.internal;

/**
 * The kinds of coordinator FindCoordinator looks up (its KeyType): the broker hosting a consumer group's
 * offsets and membership, or the one hosting a transactional id's transaction state.
 */
public enum CoordinatorType {
    GROUP((byte) 0, "group"),
    TRANSACTION((byte) 1, "transactional id");

    private final byte keyType;
    private final String keyName;

    CoordinatorType(byte keyType, String keyName) {
        this.keyType = keyType;
        this.keyName = keyName;
    }

    /** The FindCoordinator KeyType value. */
    public byte keyType() {
        return keyType;
    }

    /** The key described for messages: {@code group 'billing'}, {@code transactional id 'tx-1'}. */
    public String describe(String key) {
        return keyName + " '" + key + "'";
    }
}
