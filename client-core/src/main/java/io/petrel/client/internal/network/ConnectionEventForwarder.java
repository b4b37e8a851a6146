package io.petrel.client.internal.network;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.nio.ByteBuffer;

/**
 * The last handler of a broker channel's pipeline: forwards the channel's events (a decoded frame, the
 * close, an error) to the {@link BrokerConnection} that owns the channel, which holds all the state. Runs on
 * the channel's event loop, as does the connection.
 */
final class ConnectionEventForwarder extends ChannelInboundHandlerAdapter {
    private final BrokerConnection connection;

    ConnectionEventForwarder(BrokerConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.onFrame(ctx.channel(), (ByteBuffer) msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onChannelClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.onChannelError(ctx.channel(), cause);
    }
}
