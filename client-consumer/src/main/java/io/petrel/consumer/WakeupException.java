package io.petrel.consumer;

import io.petrel.client.ClientException;

/**
 * A blocking call (poll, commitSync, position, ...) was interrupted by {@link Consumer#wakeup()}.
 */
public class WakeupException extends ClientException {
    private static final long serialVersionUID = 1L;

    public WakeupException(String message) {
        super(message);
    }

    public WakeupException(String message, Throwable cause) {
        super(message, cause);
    }
}
