package io.petrel.consumer.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.FindCoordinatorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The way to the group's coordinator: finds it with FindCoordinator (v4+ batched form, else the single
 * key), remembers it, and sends group requests to it. When a response says NOT_COORDINATOR or
 * COORDINATOR_NOT_AVAILABLE, or the connection fails, callers {@link #markUnknown} it and the next send
 * finds it again. Thread-safe: one lookup at a time is shared by all callers.
 */
final class CoordinatorLink {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorLink.class);

    private final ClientNetwork network;
    private final String groupId;
    private final Duration requestTimeout;
    private int coordinator = -1;
    private CompletableFuture<Integer> lookup;

    CoordinatorLink(ClientNetwork network, String groupId, Duration requestTimeout) {
        this.network = network;
        this.groupId = groupId;
        this.requestTimeout = requestTimeout;
    }

    /** The coordinator's node id, finding it if needed. */
    synchronized CompletableFuture<Integer> coordinator() {
        if (coordinator >= 0) {
            return CompletableFuture.completedFuture(coordinator);
        }
        if (lookup == null || lookup.isDone()) {
            lookup = find();
        }
        return lookup;
    }

    synchronized boolean isKnown() {
        return coordinator >= 0;
    }

    /** Forgets the coordinator, so the next request looks it up again. */
    synchronized void markUnknown(String reason) {
        if (coordinator >= 0) {
            log.info("Group {}: coordinator {} is no longer usable ({}); finding it again", groupId, coordinator, reason);
        }
        coordinator = -1;
    }

    private CompletableFuture<Integer> find() {
        return network.sendToAny(ApiKey.FIND_COORDINATOR, this::findRequest, requestTimeout).thenApply(response -> {
            Message body = response.body();
            int node;
            ErrorCode error;
            if (response.version() >= 4) {
                List<Message> coordinators = body.get(FindCoordinatorResponse.COORDINATORS);
                if (coordinators.isEmpty()) {
                    throw new ClientException("FindCoordinator for group " + groupId + " returned no coordinator");
                }
                Message c = coordinators.get(0);
                node = c.get(FindCoordinatorResponse.Coordinator.NODE_ID);
                error = ErrorCode.forCode(c.get(FindCoordinatorResponse.Coordinator.ERROR_CODE));
            } else {
                node = body.get(FindCoordinatorResponse.NODE_ID);
                error = ErrorCode.forCode(body.get(FindCoordinatorResponse.ERROR_CODE));
            }
            if (error != ErrorCode.NONE) {
                throw BrokerErrorException.forResource(error, groupId, "FindCoordinator for group " + groupId + " failed");
            }
            if (network.metadata().node(node).isEmpty()) {
                network.metadata().requestUpdate();
                throw new ClientException("Coordinator " + node + " of group " + groupId + " is not in the metadata yet");
            }
            synchronized (this) {
                coordinator = node;
            }
            log.debug("Group {}: coordinator is node {}", groupId, node);
            return node;
        });
    }

    private Message findRequest(short version) {
        Message m = FindCoordinatorRequest.SCHEMA.newMessage().set(FindCoordinatorRequest.KEY_TYPE, (byte) 0);
        return version >= 4 ? m.set(FindCoordinatorRequest.COORDINATOR_KEYS, List.of(groupId))
                : m.set(FindCoordinatorRequest.KEY, groupId);
    }

    /** Sends to the coordinator; a connection failure forgets it. */
    CompletableFuture<ClientNetwork.Response> send(ApiKey api, RequestBody body, Duration timeout) {
        // A connection of its own, so group requests never wait behind a fetch the broker is holding.
        return coordinator().thenCompose(node -> network.send(ClientNetwork.dedicatedConnectionId(node), api, body, timeout)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        markUnknown(e.toString());
                    }
                }));
    }

    /** Whether an error code means the coordinator moved or is not ready, so it should be found again. */
    static boolean isCoordinatorError(ErrorCode error) {
        return error == ErrorCode.NOT_COORDINATOR || error == ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
}
