package io.petrel.client.internal;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The requests a client sends to the brokers of one cluster, over one connection per broker.
 *
 * <p>Each call picks the highest version of the API both sides speak (from the ApiVersions exchange
 * done when the connection opened), builds the body for that version, and completes with the decoded
 * response body. Futures fail with {@link io.petrel.client.DisconnectedException} when the connection
 * drops, {@link io.petrel.client.TimeoutException} after {@code timeout}, and
 * {@link io.petrel.client.ClientException} when the broker speaks no common version. Requests to one node
 * are sent in call order on one connection.
 *
 * <p>Threading: {@link RequestBody#build} runs and futures complete on the network's I/O thread, never
 * under a lock of the network; callbacks chained on the futures must not block. {@code timeout} counts
 * from the call, so it covers waiting for a connection as well as the broker's answer; when it expires
 * after the request was sent, the connection is closed (a late answer could not be matched), failing the
 * node's other in-flight requests with DisconnectedException.
 */
public interface ClientNetwork extends AutoCloseable {

    /**
     * Starts Petrel's Netty-based network for one client; nothing connects until the first request.
     *
     * @throws io.petrel.client.ConfigException if the bootstrap servers cannot be used
     */
    static ClientNetwork create(ClientNetworkConfig config, io.petrel.client.Time time) {
        return io.petrel.client.internal.network.NettyClientNetwork.create(config, time);
    }

    /** As {@link #create(ClientNetworkConfig, io.petrel.client.Time)}, telling {@code observer} of its traffic. */
    static ClientNetwork create(ClientNetworkConfig config, io.petrel.client.Time time, NetworkObserver observer) {
        return io.petrel.client.internal.network.NettyClientNetwork.create(config, time, observer);
    }

    /**
     * As {@link #create(ClientNetworkConfig, io.petrel.client.Time, NetworkObserver)}, its I/O thread named
     * {@code ioThreadName} (a client that runs its own work on {@link #ioThread()} names the thread after it).
     */
    static ClientNetwork create(ClientNetworkConfig config, io.petrel.client.Time time, NetworkObserver observer,
                                String ioThreadName) {
        return io.petrel.client.internal.network.NettyClientNetwork.create(config, time, observer, ioThreadName);
    }

    /**
     * The id of a second connection to broker {@code nodeId}, for requests that must not queue behind that
     * broker's long-polling fetches (a consumer's group coordinator traffic, as Kafka's client does with
     * {@code Integer.MAX_VALUE - nodeId}). Pass it to {@link #send} like a node id.
     */
    static int dedicatedConnectionId(int nodeId) {
        return Integer.MAX_VALUE - nodeId;
    }

    /** Sends to one node, connecting first if needed, and completes with the response body. */
    CompletableFuture<Response> send(int nodeId, ApiKey api, RequestBody body, Duration timeout);

    /**
     * Sends a request that gets no response (Produce with acks=0); completes once it is written to the
     * socket.
     */
    CompletableFuture<Void> sendOneWay(int nodeId, ApiKey api, RequestBody body);

    /** Sends to any node that can take it: a connected one, or a bootstrap server while none is known. */
    CompletableFuture<Response> sendToAny(ApiKey api, RequestBody body, Duration timeout);

    /** How many requests to this node are sent and not yet answered. */
    int inFlight(int nodeId);

    /**
     * The cluster's finalized features (ApiVersions v3+) of the highest features epoch any broker reported so
     * far; {@link FinalizedFeatures#NONE} until a broker reported some.
     */
    FinalizedFeatures finalizedFeatures();

    /**
     * The network's I/O thread, lent as an executor: with one I/O thread (the default) every connection's I/O
     * runs there and every future of this network completes there. A client that runs its own loop on it sends a
     * request and takes its answer without handing anything to another thread, as kafka-clients' sender does its
     * own I/O. Its tasks must not block: while one runs, no connection of this network reads or writes. It
     * rejects tasks once the network is closed.
     */
    ScheduledExecutorService ioThread();

    /** The cluster's metadata, refreshed through this network. */
    ClusterMetadata metadata();

    /** Closes every connection; outstanding futures fail with DisconnectedException. */
    @Override
    void close();

    /**
     * A decoded response.
     *
     * @param nodeId  the node that answered
     * @param version the version it was sent at
     * @param body    the response body
     * @param frame   the frame the body's byte fields are slices of, for a reader that can tell when it is done
     *                with them ({@link FrameLease#NONE} where the frame is not reused)
     */
    record Response(int nodeId, short version, Message body, FrameLease frame) {
        /** A response whose frame is not reused. */
        public Response(int nodeId, short version, Message body) {
            this(nodeId, version, body, FrameLease.NONE);
        }
    }
}
