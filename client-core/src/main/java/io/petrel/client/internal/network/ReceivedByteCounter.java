package io.petrel.client.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The first handler of a broker channel's pipeline: counts the bytes read from the socket (before TLS, so a record
 * still arriving counts too). A request past its deadline whose answer is still coming in is told apart by it from one
 * the broker never answers ({@link BrokerConnection}'s expiry recheck). Confined to the channel's event loop.
 */
final class ReceivedByteCounter extends ChannelInboundHandlerAdapter {
    private long bytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytes += buf.readableBytes();
        }
        ctx.fireChannelRead(msg);
    }

    /** Bytes read from the socket so far. */
    long bytes() {
        return bytes;
    }
}
