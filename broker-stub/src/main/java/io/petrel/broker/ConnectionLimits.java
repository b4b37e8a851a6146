package io.petrel.broker;

/**
 * What one client, or all of them together, may hold of the broker's connections and memory, under Kafka's
 * setting names where Kafka has one. The defaults bound memory (Kafka's own leave {@code queued.max.request.bytes}
 * unbounded; an embedded test broker shares its JVM with the test, so it should not).
 *
 * @param maxConnections        {@code max.connections}: connections open at once across all listeners; past it the
 *                              broker stops accepting (new connections wait in the listen backlog, as with Kafka)
 * @param maxConnectionsPerIp   {@code max.connections.per.ip}: connections open at once from one address; one more
 *                              is closed at once, with a log line naming the address
 * @param queuedMaxRequestBytes {@code queued.max.request.bytes}: bytes of requests read but not yet answered, across
 *                              all connections (partial frames, queued frames, the ones being served); past it the
 *                              broker stops reading from connections until answers free memory (backpressure, not
 *                              buffering). One connection at a time may finish a frame past the bound, so a request
 *                              up to {@code socket.request.max.bytes} always gets through
 * @param maxUnsentResponseBytes Petrel's own: bytes of responses written to a connection and not yet taken by its
 *                              peer past which the broker reads no more requests from it (a client that never reads
 *                              its responses stops being served instead of growing the broker's buffers)
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerIp, long queuedMaxRequestBytes,
                               int maxUnsentResponseBytes) {

    public ConnectionLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max.connections " + maxConnections + " must be at least 1");
        }
        if (maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("max.connections.per.ip " + maxConnectionsPerIp + " must be at least 1");
        }
        if (queuedMaxRequestBytes < 1024) {
            throw new IllegalArgumentException("queued.max.request.bytes " + queuedMaxRequestBytes
                    + " must be at least 1024");
        }
        if (maxUnsentResponseBytes < 1024) {
            throw new IllegalArgumentException("unsent response bytes " + maxUnsentResponseBytes
                    + " must be at least 1024");
        }
    }

    /**
     * Kafka's unlimited connection counts ({@code Integer.MAX_VALUE}), 100 MiB of queued requests (Kafka: unbounded),
     * 1 MiB of unsent responses per connection.
     */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, 100L * 1024 * 1024, 1024 * 1024);
    }

    /** These limits with another {@code max.connections}. */
    public ConnectionLimits withMaxConnections(int max) {
        return new ConnectionLimits(max, maxConnectionsPerIp, queuedMaxRequestBytes, maxUnsentResponseBytes);
    }

    /** These limits with another {@code max.connections.per.ip}. */
    public ConnectionLimits withMaxConnectionsPerIp(int max) {
        return new ConnectionLimits(maxConnections, max, queuedMaxRequestBytes, maxUnsentResponseBytes);
    }

    /** These limits with another {@code queued.max.request.bytes}. */
    public ConnectionLimits withQueuedMaxRequestBytes(long bytes) {
        return new ConnectionLimits(maxConnections, maxConnectionsPerIp, bytes, maxUnsentResponseBytes);
    }

    /** These limits with another bound on a connection's unsent responses. */
    public ConnectionLimits withMaxUnsentResponseBytes(int bytes) {
        return new ConnectionLimits(maxConnections, maxConnectionsPerIp, queuedMaxRequestBytes, bytes);
    }
}
