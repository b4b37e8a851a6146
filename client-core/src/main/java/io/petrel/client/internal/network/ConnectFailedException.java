package io.petrel.client.internal.network;

import io.petrel.client.DisconnectedException;

/**
 * A request failed because the connection it waited for could not be opened; it was never sent, so it
 * is safe to send elsewhere (sendToAny tries the next broker).
 */
public final class ConnectFailedException extends DisconnectedException {
    private static final long serialVersionUID = 1L;

    public ConnectFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
