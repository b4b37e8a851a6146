package io.petrel.client.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.FindCoordinatorResponse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one FindCoordinator exchange of Petrel's clients: which broker coordinates a consumer group or a
 * transactional id. The consumer (its group), the producer (its transactions and the groups whose offsets
 * it commits in them) and the admin tools all ask through here.
 *
 * <p>How it works: one request to any broker, in the batched form of v4+ (one key) or the single-key form
 * below; the answer's error, per key from v4, fails the future with a {@link BrokerErrorException} naming
 * the key (COORDINATOR_NOT_AVAILABLE and COORDINATOR_LOAD_IN_PROGRESS are retriable). Stateless: callers that
 * keep the coordinator use a {@link CoordinatorLink}.
 */
public final class CoordinatorLookup {
    /** Where the coordinator is, as the broker told. */
    public record Found(int nodeId, String host, int port) {
    }

    private CoordinatorLookup() {
    }

    /** Asks any broker for the coordinator of {@code key}. */
    public static CompletableFuture<Found> find(ClientNetwork network, CoordinatorType type, String key,
                                                Duration timeout) {
        return network.sendToAny(ApiKey.FIND_COORDINATOR, version -> request(version, type, key), timeout)
                .thenApply(response -> read(response, type, key));
    }

    private static Message request(short version, CoordinatorType type, String key) {
        Message request = FindCoordinatorRequest.SCHEMA.newMessage().set(FindCoordinatorRequest.KEY_TYPE, type.keyType());
        return version >= 4 ? request.set(FindCoordinatorRequest.COORDINATOR_KEYS, List.of(key))
                : request.set(FindCoordinatorRequest.KEY, key);
    }

    private static Found read(ClientNetwork.Response response, CoordinatorType type, String key) {
        Message body = response.body();
        if (response.version() < 4) {
            check(body.get(FindCoordinatorResponse.ERROR_CODE), body.get(FindCoordinatorResponse.ERROR_MESSAGE), type, key);
            return new Found(body.get(FindCoordinatorResponse.NODE_ID), body.get(FindCoordinatorResponse.HOST),
                    body.get(FindCoordinatorResponse.PORT));
        }
        List<Message> coordinators = body.get(FindCoordinatorResponse.COORDINATORS);
        if (coordinators.size() != 1) {
            throw new ClientException("FindCoordinator for " + type.describe(key) + " returned " + coordinators.size()
                    + " coordinators, expected one");
        }
        Message c = coordinators.get(0);
        check(c.get(FindCoordinatorResponse.Coordinator.ERROR_CODE), c.get(FindCoordinatorResponse.Coordinator.ERROR_MESSAGE),
                type, key);
        return new Found(c.get(FindCoordinatorResponse.Coordinator.NODE_ID), c.get(FindCoordinatorResponse.Coordinator.HOST),
                c.get(FindCoordinatorResponse.Coordinator.PORT));
    }

    private static void check(short code, String message, CoordinatorType type, String key) {
        ErrorCode error = ErrorCode.forCode(code);
        if (error != ErrorCode.NONE) {
            throw new BrokerErrorException(error, "FindCoordinator for " + type.describe(key) + " failed: "
                    + (message == null || message.isBlank() ? error.message() : message));
        }
    }
}
