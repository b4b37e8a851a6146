package io.petrel.client.internal.network;

/** Where a connection to one broker stands. */
public enum ConnectionState {
    /** No channel; a request waiting for this broker starts a connect once the reconnect backoff has passed. */
    DISCONNECTED,
    /** The TCP connect is under way. */
    CONNECTING,
    /** Connected; the ApiVersions exchange is under way. */
    HANDSHAKING,
    /** Versions known; requests are sent as they come. */
    READY,
    /** The client closed; nothing more is sent. */
    CLOSED
}
