package io.petrel.broker.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.petrel.protocol.FrameLength;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Cuts the byte stream into Kafka frames. The size prefix is checked against the maximum request size as
 * soon as its four bytes arrive, before anything is allocated for the frame; an oversized or negative
 * size is a {@link io.petrel.protocol.ProtocolException}, which closes this connection only.
 *
 * <p>Each frame is copied once into its own heap buffer: decoded messages slice record batches out of it,
 * and those slices must outlive Netty's pooled buffer.
 */
final class RequestFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    RequestFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < FrameLength.PREFIX_BYTES) {
            return;
        }
        int size = FrameLength.check(in.getInt(in.readerIndex()), maxFrameBytes);
        if (in.readableBytes() < FrameLength.PREFIX_BYTES + size) {
            return;
        }
        in.skipBytes(FrameLength.PREFIX_BYTES);
        byte[] frame = new byte[size];
        in.readBytes(frame);
        out.add(ByteBuffer.wrap(frame));
    }
}
