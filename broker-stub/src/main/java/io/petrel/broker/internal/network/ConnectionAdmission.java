package io.petrel.broker.internal.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Admits each accepted connection under {@link ConnectionCounter}'s limits on the acceptor's own thread, before the
 * connection is handed to a worker loop; a refused one is never registered.
 *
 * <p>Why here and not in the connection's initialiser: the initialiser runs later, on the worker loop, so the
 * counter's "stop accepting" at max.connections reached the listening channel as a task queued on the acceptor,
 * and a connection arriving meanwhile was accepted and then closed as one too many (seen under load in
 * {@code ConnectionLimitsTest}) instead of waiting in the listen backlog as Kafka's do. On the acceptor thread the
 * listening channel stops reading before its next accept.
 */
@ChannelHandler.Sharable
final class ConnectionAdmission extends ChannelInboundHandlerAdapter {
    private final ConnectionCounter counter;

    ConnectionAdmission(ConnectionCounter counter) {
        this.counter = counter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (counter.admit((Channel) msg)) {
            ctx.fireChannelRead(msg);
        }
    }
}
