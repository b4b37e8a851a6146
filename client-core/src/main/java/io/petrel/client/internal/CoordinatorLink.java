package io.petrel.client.internal;

import io.petrel.client.ClientException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The way to one coordinator (a consumer group's, or a transactional id's): finds it through
 * {@link CoordinatorLookup}, remembers it, and sends requests to it on a connection of its own, so they never
 * wait behind a fetch the broker is holding. When a response says NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE,
 * or the connection fails, callers {@link #markUnknown} it and the next send finds it again. Thread-safe: one
 * lookup at a time is shared by all callers.
 */
public final class CoordinatorLink {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorLink.class);

    private final ClientNetwork network;
    private final CoordinatorType type;
    private final String key;
    private final Duration requestTimeout;
    private int coordinator = -1;
    private CompletableFuture<Integer> lookup;

    public CoordinatorLink(ClientNetwork network, CoordinatorType type, String key, Duration requestTimeout) {
        this.network = network;
        this.type = type;
        this.key = key;
        this.requestTimeout = requestTimeout;
    }

    /** The coordinator's node id, finding it if needed. */
    public synchronized CompletableFuture<Integer> coordinator() {
        if (coordinator >= 0) {
            return CompletableFuture.completedFuture(coordinator);
        }
        if (lookup == null || lookup.isDone()) {
            lookup = find();
        }
        return lookup;
    }

    public synchronized boolean isKnown() {
        return coordinator >= 0;
    }

    /** Forgets the coordinator, so the next request looks it up again. */
    public synchronized void markUnknown(String reason) {
        if (coordinator >= 0) {
            log.info("Coordinator {} of {} is no longer usable ({}); finding it again", coordinator, type.describe(key),
                    reason);
        }
        coordinator = -1;
    }

    private CompletableFuture<Integer> find() {
        return CoordinatorLookup.find(network, type, key, requestTimeout).thenApply(found -> {
            int node = found.nodeId();
            if (network.metadata().node(node).isEmpty()) {
                network.metadata().requestUpdate();
                throw new ClientException("Coordinator " + node + " of " + type.describe(key)
                        + " is not in the metadata yet");
            }
            synchronized (this) {
                coordinator = node;
            }
            log.debug("The coordinator of {} is node {}", type.describe(key), node);
            return node;
        });
    }

    /** Sends to the coordinator; a connection failure forgets it. */
    public CompletableFuture<ClientNetwork.Response> send(ApiKey api, RequestBody body, Duration timeout) {
        return coordinator().thenCompose(node -> network.send(ClientNetwork.dedicatedConnectionId(node), api, body, timeout)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        markUnknown(e.toString());
                    }
                }));
    }

    /** Whether an error code means the coordinator moved or is not ready, so it should be found again. */
    public static boolean isCoordinatorError(ErrorCode error) {
        return error == ErrorCode.NOT_COORDINATOR || error == ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
}
