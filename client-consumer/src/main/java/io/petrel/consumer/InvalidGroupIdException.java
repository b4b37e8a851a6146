package io.petrel.consumer;

import io.petrel.client.ClientException;

/**
 * A group operation (subscribe, commit, committed) was called without a group.id, or with an empty one.
 */
public class InvalidGroupIdException extends ClientException {
    private static final long serialVersionUID = 1L;

    public InvalidGroupIdException(String message) {
        super(message);
    }

    public InvalidGroupIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
