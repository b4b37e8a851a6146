package io.petrel.client.internal.network;

/** Where a connection to one broker stands. */
public enum ConnectionState {
    /** No channel; a request waiting for this broker starts a connect once the reconnect backoff has passed. */
    DISCONNECTED,
    /** The TCP connect is under way. */
    CONNECTING,
    /** Connected; the TLS handshake (with security.protocol SSL or SASL_SSL), then the ApiVersions exchange is under way. */
    HANDSHAKING,
    /**
     * The SASL exchange is under way: after ApiVersions on a new connection, or a re-authentication of a
     * ready one before its session expires (requests wait meanwhile).
     */
    AUTHENTICATING,
    /** Versions known (and authenticated); requests are sent as they come. */
    READY,
    /** The client closed; nothing more is sent. */
    CLOSED
}
