package io.petrel.client.internal;

/**
 * Told of a client network's traffic, for the connection metrics (connection-count, request-rate,
 * outgoing-byte-rate, ...). Called on the network's I/O threads for every request and response: implementations
 * must be quick and must not block.
 */
public interface NetworkObserver {
    /** Observes nothing: a network created without metrics. */
    NetworkObserver NONE = new NetworkObserver() {
    };

    /** A connection to {@code nodeId} opened (TCP connected). */
    default void connectionOpened(int nodeId) {
    }

    /** A connection to {@code nodeId} that had opened closed, for whatever reason. */
    default void connectionClosed(int nodeId) {
    }

    /** A request frame of {@code bytes} (size prefix included) was handed to the socket. */
    default void requestSent(int nodeId, int bytes) {
    }

    /** A response frame of {@code bytes} (size prefix included) arrived. */
    default void responseReceived(int nodeId, int bytes) {
    }
}
