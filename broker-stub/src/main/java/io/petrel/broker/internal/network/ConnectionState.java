package io.petrel.broker.internal.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

import java.net.SocketAddress;
import java.util.Set;

/**
 * One open connection as the broker holds it at a moment, taken on the connection's event loop: why it is not being
 * read (the {@link ReadGate} reasons holding it back, none while it is read), and how many bytes of responses were
 * written to it and not yet taken by the peer's socket (Netty's outbound buffer, which
 * {@code ConnectionLimits.maxUnsentResponseBytes} bounds, plus the one response that crossed it). What a test checks
 * when a client stops reading.
 *
 * @param remote              the client's address
 * @param pausedFor           why the broker reads nothing more from it now
 * @param unsentResponseBytes bytes of responses queued in the broker for it
 */
record ConnectionState(SocketAddress remote, Set<ReadGate.Reason> pausedFor, long unsentResponseBytes) {

    /** The state of {@code channel}; call on its event loop. */
    static ConnectionState of(Channel channel) {
        ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
        return new ConnectionState(channel.remoteAddress(), ReadGate.of(channel).pausedReasons(),
                unsent == null ? 0 : unsent.totalPendingWriteBytes());
    }
}
