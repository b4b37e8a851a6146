package io.petrel.admin;

import io.petrel.admin.internal.AdminSettings;

import java.util.Set;

/**
 * The names of the Admin client's settings, spelled as Kafka's Admin spells them, for {@link Admin#create}.
 * Defaults are kafka-clients 4.x's. The security keys ({@code security.protocol}, {@code ssl.*}, {@code sasl.*})
 * are client-core's, shared with the producer and consumer. Unknown keys are refused.
 */
public final class AdminConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Default "adminclient-N". */
    public static final String CLIENT_ID = "client.id";
    /** Default 30000: how long one request may wait for its answer. */
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    /** Default 60000: how long one Admin call may take in all, retries included. */
    public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
    /** Default Integer.MAX_VALUE: how often a call is retried after a retriable error, within the api timeout. */
    public static final String RETRIES = "retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String RECONNECT_BACKOFF_MS = "reconnect.backoff.ms";
    public static final String RECONNECT_BACKOFF_MAX_MS = "reconnect.backoff.max.ms";
    /** Default 300000. */
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    /** Default 540000, client-core's (kafka-clients' Admin closes idle connections after 300000). */
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String SECURITY_PROTOCOL = "security.protocol";
    /** Default 131072: each connection's SO_SNDBUF, as kafka-clients' Admin sets it; -1 leaves the OS default. */
    public static final String SEND_BUFFER_BYTES = "send.buffer.bytes";
    /** Default 65536: each connection's SO_RCVBUF, as kafka-clients' Admin sets it; -1 leaves the OS default. */
    public static final String RECEIVE_BUFFER_BYTES = "receive.buffer.bytes";

    /** Every setting the Admin client takes, as Kafka's {@code AdminClientConfig.configNames()}. */
    public static Set<String> configNames() {
        return AdminSettings.SPEC.names();
    }

    private AdminConfig() {
    }
}
