package io.petrel.client.internal.network;

import java.util.Optional;

/**
 * A snapshot of one broker connection, for tests and diagnostics.
 *
 * @param nodeId             the node (negative for a bootstrap address)
 * @param state              where the connection stands
 * @param failedAttempts     consecutive failures since the connection was last ready
 * @param reconnectBackoffMs the wait imposed after the last failure (0 when none)
 * @param connectAttempts    how many times a connect was started, in total
 * @param versions           the negotiated versions of the current or last connection, if any
 */
public record ConnectionStatus(int nodeId, ConnectionState state, int failedAttempts, long reconnectBackoffMs,
                               int connectAttempts, Optional<NegotiatedVersions> versions) {
}
