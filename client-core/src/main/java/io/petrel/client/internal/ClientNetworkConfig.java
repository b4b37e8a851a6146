package io.petrel.client.internal;

import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.config.HostPort;
import io.petrel.client.internal.security.SecuritySettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link ClientNetwork} needs to know, read from a client's parsed settings with {@link #from}.
 *
 * @param bootstrapServers             where to find the cluster first
 * @param clientId                     sent in every request header
 * @param requestTimeout               request.timeout.ms, for requests the network sends itself (ApiVersions, Metadata)
 * @param retryBackoff                 retry.backoff.ms: the first wait after a failed metadata refresh
 * @param retryBackoffMax              retry.backoff.max.ms: the longest such wait
 * @param reconnectBackoff             reconnect.backoff.ms: the first wait before reconnecting to a broker
 * @param reconnectBackoffMax          reconnect.backoff.max.ms: the longest such wait
 * @param metadataMaxAge               metadata.max.age.ms: metadata is refreshed at least this often
 * @param connectionsMaxIdle           connections.max.idle.ms; negative: never close idle connections
 * @param connectionSetupTimeout       socket.connection.setup.timeout.ms: first limit on connect + handshake
 * @param connectionSetupTimeoutMax    socket.connection.setup.timeout.max.ms: the limit after repeated failures
 * @param dnsLookup                    client.dns.lookup
 * @param maxResponseBytes             larger response frames are refused on their size prefix and the connection closed
 * @param ioThreads                    Netty event loop threads for this client (1-2)
 * @param unknownTopicGrace            how long a topic may be reported UNKNOWN_TOPIC_OR_PARTITION before
 *                                     {@link ClusterMetadata#awaitTopic} fails (propagation lag after creation)
 * @param security                     security.protocol with its TLS and SASL settings
 * @param socketBuffers                each connection's SO_SNDBUF and SO_RCVBUF (send.buffer.bytes and
 *                                     receive.buffer.bytes of the clients that have them)
 */
public record ClientNetworkConfig(List<HostPort> bootstrapServers, String clientId, Duration requestTimeout,
                                  Duration retryBackoff, Duration retryBackoffMax, Duration reconnectBackoff,
                                  Duration reconnectBackoffMax, Duration metadataMaxAge, Duration connectionsMaxIdle,
                                  Duration connectionSetupTimeout, Duration connectionSetupTimeoutMax,
                                  DnsLookup dnsLookup, int maxResponseBytes, int ioThreads,
                                  Duration unknownTopicGrace, SecuritySettings security, SocketBuffers socketBuffers) {

    /** 100 MiB, the default socket.request.max.bytes of a broker, plus slack for headers. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 100 * 1024 * 1024 + 64 * 1024;
    public static final int DEFAULT_IO_THREADS = 1;
    public static final Duration DEFAULT_UNKNOWN_TOPIC_GRACE = Duration.ofSeconds(1);

    /** client.dns.lookup. */
    public enum DnsLookup {
        /** Try every address a host name resolves to, in turn. */
        USE_ALL_DNS_IPS,
        /** Resolve each bootstrap host to its addresses' canonical names, then treat those as the bootstrap list. */
        RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY
    }

    /**
     * The kernel buffer sizes of each connection's socket, as kafka-clients' send.buffer.bytes and
     * receive.buffer.bytes: a value is set on the socket as it is, -1 leaves the operating system's default
     * (which on Linux grows the buffer with the traffic).
     *
     * <p>Why they matter: a response larger than the receive buffer crosses in several windows, each needing the
     * client's I/O thread to drain the socket and the broker's to be woken to write the rest, so a 1 MiB fetch
     * response into a small buffer takes several thread hand-offs on each side instead of one.
     *
     * @param sendBytes    SO_SNDBUF, or -1
     * @param receiveBytes SO_RCVBUF, or -1
     */
    public record SocketBuffers(int sendBytes, int receiveBytes) {
        /** The operating system's defaults for both. */
        public static final SocketBuffers OS_DEFAULT = new SocketBuffers(-1, -1);
        /**
         * Every client's unless it sets its own: a 128 KiB send buffer (kafka-clients' send.buffer.bytes default),
         * the OS default to receive. Why not the kernel's autotuned send buffer (Linux grows it up to tcp_wmem's
         * maximum, 4 MiB here): writing a large Produce request (a 200 KiB frame of 100 KiB records) cost the I/O
         * thread about twice the kernel CPU kafka-clients spends on the same bytes (perf: tcp_sendmsg 2,680 vs
         * 1,322 samples, most of the extra in tcp_write_xmit); with 128 KiB the two are equal (1,277 vs 1,251)
         * and the I/O thread's CPU per 100 KiB record fell from ~66 to ~49 us. Requests larger than the buffer
         * are written in parts, as Netty does for any partial write.
         */
        public static final SocketBuffers DEFAULT = new SocketBuffers(128 * 1024, -1);

        public SocketBuffers {
            if (sendBytes < -1 || receiveBytes < -1) {
                throw new IllegalArgumentException("socket buffer sizes must be -1 (the OS default) or at least 0, not "
                        + sendBytes + " (send) and " + receiveBytes + " (receive)");
            }
        }
    }

    public ClientNetworkConfig {
        bootstrapServers = List.copyOf(bootstrapServers);
        Objects.requireNonNull(socketBuffers, "socketBuffers");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(dnsLookup, "dnsLookup");
        Objects.requireNonNull(security, "security");
        if (bootstrapServers.isEmpty()) {
            throw new IllegalArgumentException("bootstrap.servers must name at least one broker");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, not " + ioThreads);
        }
    }

    /** Reads the common settings ({@link CommonClientConfigs}) of a client's parsed configuration. */
    public static ClientNetworkConfig from(ConfigValues values) {
        List<HostPort> bootstrap = values.get(CommonClientConfigs.BOOTSTRAP_SERVERS).stream()
                .map(s -> HostPort.parse(s).orElseThrow())
                .toList();
        return new ClientNetworkConfig(bootstrap,
                values.get(CommonClientConfigs.CLIENT_ID),
                Duration.ofMillis(values.get(CommonClientConfigs.REQUEST_TIMEOUT_MS)),
                Duration.ofMillis(values.get(CommonClientConfigs.RETRY_BACKOFF_MS)),
                Duration.ofMillis(values.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS)),
                Duration.ofMillis(values.get(CommonClientConfigs.RECONNECT_BACKOFF_MS)),
                Duration.ofMillis(values.get(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS)),
                Duration.ofMillis(values.get(CommonClientConfigs.METADATA_MAX_AGE_MS)),
                Duration.ofMillis(values.get(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS)),
                Duration.ofMillis(values.get(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS)),
                Duration.ofMillis(values.get(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS)),
                DnsLookup.valueOf(values.get(CommonClientConfigs.CLIENT_DNS_LOOKUP).toUpperCase(java.util.Locale.ROOT)),
                DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_IO_THREADS, DEFAULT_UNKNOWN_TOPIC_GRACE, SecuritySettings.from(values),
                SocketBuffers.DEFAULT);
    }

    /** This configuration with other security settings. */
    public ClientNetworkConfig withSecurity(SecuritySettings settings) {
        return new ClientNetworkConfig(bootstrapServers, clientId, requestTimeout, retryBackoff, retryBackoffMax,
                reconnectBackoff, reconnectBackoffMax, metadataMaxAge, connectionsMaxIdle, connectionSetupTimeout,
                connectionSetupTimeoutMax, dnsLookup, maxResponseBytes, ioThreads, unknownTopicGrace, settings, socketBuffers);
    }

    /** The names of the settings {@link #parse} takes: Kafka's common client keys, TLS and SASL included. */
    public static Set<String> configNames() {
        return CommonClientConfigs.SPEC.names();
    }

    /** The common settings parsed from a raw map with {@link CommonClientConfigs#SPEC} (tests, tools). */
    public static ClientNetworkConfig parse(Map<String, ?> raw) {
        return from(CommonClientConfigs.SPEC.parse(raw));
    }

    /** This configuration with a different number of I/O threads. */
    public ClientNetworkConfig withIoThreads(int threads) {
        return new ClientNetworkConfig(bootstrapServers, clientId, requestTimeout, retryBackoff, retryBackoffMax,
                reconnectBackoff, reconnectBackoffMax, metadataMaxAge, connectionsMaxIdle, connectionSetupTimeout,
                connectionSetupTimeoutMax, dnsLookup, maxResponseBytes, threads, unknownTopicGrace, security, socketBuffers);
    }

    /** This configuration with a different limit on response frames. */
    public ClientNetworkConfig withMaxResponseBytes(int bytes) {
        return new ClientNetworkConfig(bootstrapServers, clientId, requestTimeout, retryBackoff, retryBackoffMax,
                reconnectBackoff, reconnectBackoffMax, metadataMaxAge, connectionsMaxIdle, connectionSetupTimeout,
                connectionSetupTimeoutMax, dnsLookup, bytes, ioThreads, unknownTopicGrace, security, socketBuffers);
    }

    /** This configuration with other socket buffer sizes (send.buffer.bytes, receive.buffer.bytes). */
    public ClientNetworkConfig withSocketBuffers(SocketBuffers buffers) {
        return new ClientNetworkConfig(bootstrapServers, clientId, requestTimeout, retryBackoff, retryBackoffMax,
                reconnectBackoff, reconnectBackoffMax, metadataMaxAge, connectionsMaxIdle, connectionSetupTimeout,
                connectionSetupTimeoutMax, dnsLookup, maxResponseBytes, ioThreads, unknownTopicGrace, security, buffers);
    }

    /** This configuration with a different grace period for unknown topics. */
    public ClientNetworkConfig withUnknownTopicGrace(Duration grace) {
        return new ClientNetworkConfig(bootstrapServers, clientId, requestTimeout, retryBackoff, retryBackoffMax,
                reconnectBackoff, reconnectBackoffMax, metadataMaxAge, connectionsMaxIdle, connectionSetupTimeout,
                connectionSetupTimeoutMax, dnsLookup, maxResponseBytes, ioThreads, grace, security, socketBuffers);
    }
}
