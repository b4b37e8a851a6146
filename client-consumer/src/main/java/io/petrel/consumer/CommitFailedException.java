package io.petrel.consumer;

import io.petrel.client.ClientException;

/**
 * The commit cannot be completed because the group rebalanced: the partitions may now belong to another member. Process the records again after the next poll, which rejoins the group.
 */
public class CommitFailedException extends ClientException {
    private static final long serialVersionUID = 1L;

    public CommitFailedException(String message) {
        super(message);
    }

    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
